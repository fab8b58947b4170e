import Foundation
import BrowserAgent
import Vocabulary

/// Encodes a HAR archive deterministically: keys sorted, two-space indentation, slashes
/// unescaped, a final newline. The same archive always gives the same bytes, which is what
/// lets a bundle manifest pin its digest and a test compare it with a golden file.
public enum HARWriter {
    public static func encode(_ har: HAR) throws(HarnessError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(har)
            data.append(0x0A)
            return data
        } catch {
            // Only a non-finite timing can get here (JSON has no NaN).
            throw HarnessError(.harEncoding, "the HAR archive could not be encoded as JSON: \(error)")
        }
    }

    /// Builds the archive from an exchange log (redacted by the builder's policy) and encodes it.
    public static func encode(_ records: [ExchangeRecord], builder: HARBuilder = HARBuilder()) throws(HarnessError) -> Data {
        try encode(builder.archive(records))
    }
}
