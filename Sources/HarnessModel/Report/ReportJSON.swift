import Foundation
import Vocabulary

/// `report.json`: the report for machines, and the reference that `replay` and
/// `report verify` compare byte for byte.
///
/// Determinism: keys sorted, two-space indentation, slashes unescaped, a final newline;
/// instants are written by `RunReport` itself (ISO-8601 UTC, milliseconds); the model holds
/// no floating-point numbers (durations are whole milliseconds), so nothing depends on how
/// a platform prints a Double.
public enum ReportJSON {
    public static let fileName = "report.json"

    public static func encode(_ report: RunReport) throws(HarnessError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(report)
            data.append(UInt8(ascii: "\n"))
            return data
        } catch {
            throw HarnessError(.reportRenderingFailed, "the report could not be encoded as JSON: \(error)")
        }
    }

    /// Reads a report.json; refuses one whose summary or verdict disagrees with its cases.
    public static func decode(_ data: Data) throws(HarnessError) -> RunReport {
        do {
            return try JSONDecoder().decode(RunReport.self, from: data)
        } catch {
            throw HarnessError(.reportUnreadable, "the data is not a report this tool can read: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context),
             .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
