import Foundation

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

    // Howard Hinnant's civil-from-days and days-from-civil (proleptic Gregorian): pure
    // integer arithmetic, so no Calendar, locale or time-zone database is involved.
    private static func civilDate(daysSince1970 z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysSince1970(year y0: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
