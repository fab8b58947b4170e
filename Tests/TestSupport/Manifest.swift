import Foundation

/// A JSON manifest that describes fixture files (the interop corpus's `manifest.json`, the
/// attack fixtures' `attacks.json`), decoded in one place: a missing or unreadable file is an
/// error naming the path and `fix` (how to get or re-record it), never an empty list.
public func decodeManifest<Manifest: Decodable>(_ type: Manifest.Type, at url: URL, fix: String) throws -> Manifest {
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw TestSupportError("the manifest \(url.path) is missing; \(fix)")
    }
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch {
        throw TestSupportError("the manifest \(url.path) does not read as \(type): \(error); \(fix)")
    }
}
