import Foundation
import MPassSAML

/// The one way a report writes an instant: ISO-8601, UTC, always three digits of
/// milliseconds (`2025-03-01T09:30:00.250Z`).
///
/// Reports are compared byte for byte (`replay`, `report verify`), so an instant must have
/// one spelling only: no locale, no time zone, no optional fraction, no floating noise.
/// Dates are therefore held at whole milliseconds (`normalised`), which makes
/// encode → decode → encode exact.
public enum ReportTimestamp {
    /// Milliseconds since 1970, rounded to the nearest (rounding, not truncation, so that
    /// a date already normalised maps back to the same count despite binary fractions).
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `date` at whole milliseconds.
    static func normalised(_ date: Date) -> Date {
        self.date(milliseconds: milliseconds(date))
    }

    public static func string(_ date: Date) -> String {
        let total = milliseconds(date)
        // Floor division so that instants before 1970 still get a positive fraction.
        let (secondsTotal, millis) = floorDivide(total, 1000)
        let (days, secondOfDay) = floorDivide(secondsTotal, 86_400)
        let (year, month, day) = civilDate(daysSince1970: days)
        return String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                      year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, millis)
    }

    /// Reads exactly the spelling `string(_:)` writes; anything else is nil.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millis = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysSince1970(year: year, month: month, day: day)
        // Reject dates like February 30 rather than rolling them over.
        guard civilDate(daysSince1970: days) == (year, month, day) else { return nil }
        return date(milliseconds: ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000) + millis)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    // The calendar arithmetic is SAMLTime's (one implementation of Hinnant's algorithms).
    private static func civilDate(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let (year, month, day) = SAMLTime.civil(fromDays: Int(days))
        return (Int64(year), Int64(month), Int64(day))
    }

    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(SAMLTime.daysFromCivil(year: Int(year), month: Int(month), day: Int(day)))
    }
}
