import Foundation
import HarnessModel
import Vocabulary

/// Reads recordings: HAR files (the harness's own, Chrome's, Firefox's, any HAR 1.2 writer's)
/// and SAML-tracer JSON exports, told apart by their content, not their file names.
///
/// Every error names the file and says what is wrong with it.
public enum RecordingReader {
    /// File name endings read when a directory is given.
    public static let recordingExtensions: Set<String> = ["har", "json"]

    /// Reads each path: a file, or a directory whose `.har` and `.json` files are read in
    /// name order (so the same directory always gives the same order).
    public static func read(paths: [String]) throws(HarnessError) -> [Recording] {
        var recordings: [Recording] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw HarnessError(.recordingUnreadable, "\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                let files = try recordingFiles(in: path)
                for file in files { recordings.append(try read(file: file)) }
            } else {
                recordings.append(try read(file: path))
            }
        }
        return recordings
    }

    static func recordingFiles(in directory: String) throws(HarnessError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw HarnessError(.recordingUnreadable, "\(directory): the directory cannot be listed (\(error.localizedDescription))")
        }
        let files = names
            .filter { !$0.hasPrefix(".") && recordingExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw HarnessError(.recordingNoFiles, "\(directory): the directory holds no .har or .json recording")
        }
        return files
    }

    /// The largest recording read (a browser's HAR export of a login with its pages is a few
    /// megabytes; the harness's own HAR of a full run, tens).
    public static let maxFileBytes = 128 * 1024 * 1024

    public static func read(file path: String) throws(HarnessError) -> Recording {
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= maxFileBytes else {
                throw HarnessError(.recordingTooLarge,
                    "\(path): the file is \(size / (1024 * 1024)) MiB, over the limit of \(maxFileBytes / (1024 * 1024)) MiB for a recording; record only the login and logout (a browser's HAR export of them is a few MB)")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError(.recordingUnreadable, "\(path): the file cannot be read (\(error.localizedDescription))")
        }
        return try read(data: data, source: path)
    }

    /// Reads in-memory data; `source` names it in messages.
    ///
    /// The JSON is only ever decoded into the types kept (no `JSONSerialization` tree of the
    /// whole file, which took 36 times the file's size): a first pass looks at the top-level
    /// shape without materialising any value, the second decodes the recording.
    public static func read(data: Data, source: String) throws(HarnessError) -> Recording {
        guard data.count <= maxFileBytes else {
            throw HarnessError(.recordingTooLarge,
                "\(source): \(data.count / (1024 * 1024)) MiB, over the limit of \(maxFileBytes / (1024 * 1024)) MiB for a recording")
        }
        let shape: TopLevelShape
        do {
            shape = try JSONDecoder().decode(TopLevelShape.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            let start = String(decoding: data.prefix(40), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            throw HarnessError(.recordingNotJSON,
                "\(source): not JSON, so neither a HAR file nor a SAML-tracer export (it starts with \"\(start)\"; \(describe(jsonError: context.underlyingError ?? DecodingError.dataCorrupted(context))))")
        } catch {
            throw HarnessError(.recordingUnknownFormat,
                "\(source): the JSON is not an object; a HAR file is {\"log\": …} and a SAML-tracer export is {\"requests\": […]}")
        }

        if let log = shape.log {
            guard log.isObject else {
                throw HarnessError(.recordingNotHAR, "\(source): not HAR: \"log\" is not an object")
            }
            guard log.entriesIsArray else {
                throw HarnessError(.recordingNotHAR, "\(source): not HAR: log.entries is missing or not an array")
            }
            let har: HAR
            do {
                har = try JSONDecoder().decode(HAR.self, from: data)
            } catch {
                throw HarnessError(.recordingNotHAR, "\(source): not HAR: \(describe(decodingError: error))")
            }
            return Recording(source: source, format: format(of: har), har: har)
        }

        if let requestsIsArray = shape.requestsIsArray {
            guard requestsIsArray else {
                throw HarnessError(.recordingBadSAMLTracer, "\(source): a SAML-tracer export's \"requests\" must be an array")
            }
            let export: SAMLTracerExport
            do {
                export = try JSONDecoder().decode(SAMLTracerExport.self, from: data)
            } catch {
                throw HarnessError(.recordingBadSAMLTracer,
                    "\(source): not a readable SAML-tracer export: \(describe(decodingError: error))")
            }
            let creator = HAR.Creator(name: "SAML-tracer", version: "")
            let har = HAR(log: HAR.Log(creator: creator, entries: export.harEntries(),
                                       comment: "converted from a SAML-tracer export made at \(export.timestamp ?? "an unknown time")"))
            return Recording(source: source, format: .samlTracer, har: har)
        }

        let keys = shape.keys.sorted().prefix(8).joined(separator: ", ")
        throw HarnessError(.recordingUnknownFormat,
            "\(source): unknown format: JSON with neither \"log\" (HAR) nor \"requests\" (SAML-tracer); its keys are: \(keys.isEmpty ? "none" : keys)")
    }

    static func format(of har: HAR) -> Recording.Format {
        switch har.log.creator.name.lowercased() {
        case ToolInfo.name: .harness
        case "webinspector": .chrome
        case "firefox": .firefox
        default: .har
        }
    }

    private static func describe(jsonError error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? "the JSON parser refused it"
    }

    /// The top level of a recording, read without decoding any value: its keys, and whether
    /// `log` is an object with an `entries` array and `requests` an array.
    struct TopLevelShape: Decodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        struct Log {
            var isObject: Bool
            var entriesIsArray: Bool
        }

        var keys: [String]
        var log: Log?
        var requestsIsArray: Bool?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            keys = container.allKeys.map(\.stringValue)
            let logKey = Key(stringValue: "log"), requestsKey = Key(stringValue: "requests"), entriesKey = Key(stringValue: "entries")
            if container.contains(logKey) {
                if let logContainer = try? container.nestedContainer(keyedBy: Key.self, forKey: logKey) {
                    log = Log(isObject: true, entriesIsArray: (try? logContainer.nestedUnkeyedContainer(forKey: entriesKey)) != nil)
                } else {
                    log = Log(isObject: false, entriesIsArray: false)
                }
            }
            if container.contains(requestsKey) {
                requestsIsArray = (try? container.nestedUnkeyedContainer(forKey: requestsKey)) != nil
            }
        }
    }

    /// A decoding error as `entries[3].request: "url" is missing`.
    static func describe(decodingError error: Error) -> String {
        guard let decodingError = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath)): \"\(key.stringValue)\" is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
