import Foundation

/// Reads recordings: HAR files (the harness's own, Chrome's, Firefox's, any HAR 1.2 writer's)
/// and SAML-tracer JSON exports, told apart by their content, not their file names.
///
/// Every error names the file and says what is wrong with it.
public enum RecordingReader {
    /// File name endings read when a directory is given.
    public static let recordingExtensions: Set<String> = ["har", "json"]

    /// Reads each path: a file, or a directory whose `.har` and `.json` files are read in
    /// name order (so the same directory always gives the same order).
    public static func read(paths: [String]) throws(EvidenceError) -> [Recording] {
        var recordings: [Recording] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw EvidenceError(.recordingUnreadable, "\(path): no such file or directory")
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

    static func recordingFiles(in directory: String) throws(EvidenceError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw EvidenceError(.recordingUnreadable, "\(directory): the directory cannot be listed (\(error.localizedDescription))")
        }
        let files = names
            .filter { !$0.hasPrefix(".") && recordingExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw EvidenceError(.recordingNoFiles, "\(directory): the directory holds no .har or .json recording")
        }
        return files
    }

    public static func read(file path: String) throws(EvidenceError) -> Recording {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw EvidenceError(.recordingUnreadable, "\(path): the file cannot be read (\(error.localizedDescription))")
        }
        return try read(data: data, source: path)
    }

    /// Reads in-memory data; `source` names it in messages.
    public static func read(data: Data, source: String) throws(EvidenceError) -> Recording {
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let start = String(decoding: data.prefix(40), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            throw EvidenceError(.recordingNotJSON,
                "\(source): not JSON, so neither a HAR file nor a SAML-tracer export (it starts with \"\(start)\"; \(describe(jsonError: error)))")
        }
        guard let object = top as? [String: Any] else {
            throw EvidenceError(.recordingUnknownFormat,
                "\(source): the JSON is not an object; a HAR file is {\"log\": …} and a SAML-tracer export is {\"requests\": […]}")
        }

        if let log = object["log"] {
            guard let logObject = log as? [String: Any] else {
                throw EvidenceError(.recordingNotHAR, "\(source): not HAR: \"log\" is not an object")
            }
            guard logObject["entries"] is [Any] else {
                throw EvidenceError(.recordingNotHAR, "\(source): not HAR: log.entries is missing or not an array")
            }
            let har: HAR
            do {
                har = try JSONDecoder().decode(HAR.self, from: data)
            } catch {
                throw EvidenceError(.recordingNotHAR, "\(source): not HAR: \(describe(decodingError: error))")
            }
            return Recording(source: source, format: format(of: har), har: har)
        }

        if object["requests"] != nil {
            guard object["requests"] is [Any] else {
                throw EvidenceError(.recordingBadSAMLTracer, "\(source): a SAML-tracer export's \"requests\" must be an array")
            }
            let export: SAMLTracerExport
            do {
                export = try JSONDecoder().decode(SAMLTracerExport.self, from: data)
            } catch {
                throw EvidenceError(.recordingBadSAMLTracer,
                    "\(source): not a readable SAML-tracer export: \(describe(decodingError: error))")
            }
            let creator = HAR.Creator(name: "SAML-tracer", version: "")
            let har = HAR(log: HAR.Log(creator: creator, entries: export.harEntries(),
                                       comment: "converted from a SAML-tracer export made at \(export.timestamp ?? "an unknown time")"))
            return Recording(source: source, format: .samlTracer, har: har)
        }

        let keys = object.keys.sorted().prefix(8).joined(separator: ", ")
        throw EvidenceError(.recordingUnknownFormat,
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
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? "the JSON parser refused it"
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
