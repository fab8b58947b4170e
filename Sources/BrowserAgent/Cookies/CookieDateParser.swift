import Foundation

/// The cookie-date algorithm of RFC 6265 §5.1.1, which is deliberately lax:
/// servers write `Expires` in many shapes and browsers accept them all.
enum CookieDateParser {
    static func parse(_ input: String) -> Date? {
        var time: (hour: Int, minute: Int, second: Int)?
        var dayOfMonth: Int?
        var month: Int?
        var year: Int?

        for token in tokens(input) {
            if time == nil, let parsed = parseTime(token) {
                time = parsed
            } else if dayOfMonth == nil, let day = leadingDigits(token, min: 1, max: 2) {
                dayOfMonth = day
            } else if month == nil, let parsed = parseMonth(token) {
                month = parsed
            } else if year == nil, let parsed = leadingDigits(token, min: 2, max: 4) {
                year = parsed
            }
        }

        guard let time, let dayOfMonth, let month, var year else { return nil }
        // §5.1.1 steps 3 and 4: two-digit years.
        if (70...99).contains(year) { year += 1900 } else if (0...69).contains(year) { year += 2000 }
        guard (1...31).contains(dayOfMonth), year >= 1601,
              time.hour <= 23, time.minute <= 59, time.second <= 59
        else { return nil }

        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = year
        components.month = month
        components.day = dayOfMonth
        components.hour = time.hour
        components.minute = time.minute
        components.second = time.second
        // An impossible day (31 February) fails instead of rolling over.
        guard components.isValidDate, let date = components.date else { return nil }
        return date
    }

    /// delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
    private static func tokens(_ input: String) -> [Substring.UTF8View] {
        func isDelimiter(_ byte: UInt8) -> Bool {
            byte == 0x09 || (0x20...0x2F).contains(byte) || (0x3B...0x40).contains(byte)
                || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
        }
        return Substring(input).utf8.split(whereSeparator: isDelimiter).map { $0 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then anything non-digit.
    private static func parseTime(_ token: Substring.UTF8View) -> (Int, Int, Int)? {
        let parts = token.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        guard let hour = leadingDigits(parts[0], min: 1, max: 2, exact: true),
              let minute = leadingDigits(parts[1], min: 1, max: 2, exact: true),
              let second = leadingDigits(parts[2], min: 1, max: 2)
        else { return nil }
        return (hour, minute, second)
    }

    /// `min`…`max` digits, optionally followed by non-digits (unless `exact`).
    private static func leadingDigits(_ token: Substring.UTF8View, min: Int, max: Int, exact: Bool = false) -> Int? {
        let digits = token.prefix(while: isDigit)
        guard digits.count >= min, digits.count <= max else { return nil }
        let rest = token.dropFirst(digits.count)
        if exact && !rest.isEmpty { return nil }
        if let first = rest.first, isDigit(first) { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func parseMonth(_ token: Substring.UTF8View) -> Int? {
        guard token.count >= 3 else { return nil }
        let prefix = String(decoding: token.prefix(3), as: UTF8.self).lowercased()
        return months.firstIndex(of: prefix).map { $0 + 1 }
    }
}
