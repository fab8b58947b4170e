import Foundation

/// `xs:dateTime` as SAML uses it (SAML Core 1.3.3: UTC, `Z`, no finer than milliseconds
/// relied upon). Parsing is done by hand: it sits on the hot path of every validation,
/// and a formatter object would cost more than the rest of the checks together.
public enum SAMLTime {
    /// A parsed time value and how it was written.
    public struct Parsed: Sendable, Equatable {
        public let date: Date
        /// True when the value ended in `Z` (the only form SAML allows).
        public let isUTC: Bool
        /// The written offset from UTC in seconds (nil when none was written).
        public let writtenOffset: Int?
    }

    /// `2026-11-22T10:00:00Z` (or with milliseconds when the date has a fraction).
    public static func format(_ date: Date, milliseconds: Bool = false) -> String {
        let total = date.timeIntervalSince1970
        var seconds = Int(total.rounded(.down))
        let millis = Int(((total - Double(seconds)) * 1000).rounded())
        if millis == 1000 { seconds += 1 }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let base = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                          secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60)
        if milliseconds { return base + String(format: ".%03dZ", millis % 1000) }
        return base + "Z"
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]`; nil when the text is not that.
    public static func parse(_ text: String) -> Parsed? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
              let day = number(8, 2), bytes[10] == 84, let hour = number(11, 2), bytes[13] == 58,
              let minute = number(14, 2), bytes[16] == 58, let second = number(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count && bytes[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var isUTC = false
        var offset: Int?
        if index < bytes.count {
            if bytes[index] == 90 && index + 1 == bytes.count {
                isUTC = true
                offset = 0
            } else if (bytes[index] == 43 || bytes[index] == 45) && index + 6 == bytes.count,
                      let oh = number(index + 1, 2), bytes[index + 3] == 58, let om = number(index + 4, 2),
                      oh <= 14, om <= 59 {
                offset = (bytes[index] == 43 ? 1 : -1) * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction - Double(offset ?? 0)
        return Parsed(date: Date(timeIntervalSince1970: seconds), isUTC: isUTC, writtenOffset: offset)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil and civil-from-days (public domain), proleptic
    // Gregorian: pure integer arithmetic, so no Calendar, locale or time-zone database is
    // involved. `package` because ReportTimestamp (HarnessModel) spells its instants with them.
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
