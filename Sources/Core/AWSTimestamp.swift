// UTC timestamps for AWS protocols, by calendar arithmetic rather than DateFormatter.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The UTC timestamp formats AWS protocols use, formatted and parsed by arithmetic.
///
/// No `DateFormatter`: it is slow to create, depends on locale and calendar settings, and
/// every SigV4 request needs these strings. Conversion between day numbers and calendar
/// dates uses Howard Hinnant's `civil_from_days` / `days_from_civil` algorithms, exact for
/// the proleptic Gregorian calendar. Fractions of a second are truncated toward the past;
/// years outside 0...9999 are clamped so every output has a four-digit year.
public enum AWSTimestamp {
    /// SigV4's `X-Amz-Date` form, ISO 8601 basic: `20150830T123600Z`.
    public static func amzDate(_ date: Date) -> String {
        let c = Civil(date)
        return format(16) { out in
            out.digits(c.year, 4); out.digits(c.month, 2); out.digits(c.day, 2); out.byte("T")
            out.digits(c.hour, 2); out.digits(c.minute, 2); out.digits(c.second, 2); out.byte("Z")
        }
    }

    /// The date part of a SigV4 credential scope: `20150830`.
    public static func dateStamp(_ date: Date) -> String {
        let c = Civil(date)
        return format(8) { out in out.digits(c.year, 4); out.digits(c.month, 2); out.digits(c.day, 2) }
    }

    /// Parses exactly `YYYYMMDDTHHMMSSZ`; nil for any other shape or an impossible date.
    public static func parseAmzDate(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z"),
              let year = number(b, 0, 4), let month = number(b, 4, 2), let day = number(b, 6, 2),
              let hour = number(b, 9, 2), let minute = number(b, 11, 2), let second = number(b, 13, 2)
        else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// ISO 8601 extended form, as in JSON and XML responses: `2015-08-30T12:36:00Z`.
    public static func iso8601(_ date: Date) -> String {
        let c = Civil(date)
        return format(20) { out in
            out.digits(c.year, 4); out.byte("-"); out.digits(c.month, 2); out.byte("-"); out.digits(c.day, 2); out.byte("T")
            out.digits(c.hour, 2); out.byte(":"); out.digits(c.minute, 2); out.byte(":"); out.digits(c.second, 2); out.byte("Z")
        }
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ` (the form ``iso8601(_:)`` writes).
    public static func parseISO8601(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z"),
              let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2),
              let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2)
        else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The HTTP `Date` header form (RFC 9110 IMF-fixdate): `Sun, 30 Aug 2015 12:36:00 GMT`.
    public static func httpDate(_ date: Date) -> String {
        let c = Civil(date)
        return format(29) { out in
            out.text(weekdays[c.weekday]); out.text(", "); out.digits(c.day, 2); out.byte(" "); out.text(months[c.month - 1])
            out.byte(" "); out.digits(c.year, 4); out.byte(" ")
            out.digits(c.hour, 2); out.byte(":"); out.digits(c.minute, 2); out.byte(":"); out.digits(c.second, 2); out.text(" GMT")
        }
    }

    /// Parses an IMF-fixdate (SigV4 accepts a `Date` header in place of `X-Amz-Date`).
    /// The weekday name must be a real one but is not cross-checked against the date.
    public static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","),
              weekdays.contains(String(parts[0].dropLast())), parts[5] == "GMT",
              let monthIndex = months.firstIndex(of: String(parts[2])) else { return nil }
        let day = Array(parts[1].utf8), year = Array(parts[3].utf8), time = Array(parts[4].utf8)
        guard day.count == 2, year.count == 4, time.count == 8,
              time[2] == UInt8(ascii: ":"), time[5] == UInt8(ascii: ":"),
              let dayValue = number(day, 0, 2), let yearValue = number(year, 0, 4),
              let hour = number(time, 0, 2), let minute = number(time, 3, 2), let second = number(time, 6, 2)
        else { return nil }
        return makeDate(year: yearValue, month: monthIndex + 1, day: dayValue, hour: hour, minute: minute, second: second)
    }

    // MARK: - Calendar arithmetic

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds from 1970 to 0000-01-01 and to 9999-12-31T23:59:59: the four-digit years.
    private static let earliestSecond: Int64 = -62_167_219_200
    private static let latestSecond: Int64 = 253_402_300_799

    /// A date broken into UTC calendar fields; years are clamped to 0...9999.
    private struct Civil {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, weekday = 0

        init(_ date: Date) {
            let interval = date.timeIntervalSince1970
            var seconds: Int64 = 0
            if interval.isFinite {
                let floored = interval.rounded(.down)
                seconds = floored <= Double(earliestSecond) ? earliestSecond
                    : floored >= Double(latestSecond) ? latestSecond : Int64(floored)
            }
            // Floor division, so instants before 1970 land on the right day.
            var days = seconds / 86_400
            var secondOfDay = seconds % 86_400
            if secondOfDay < 0 {
                days -= 1
                secondOfDay += 86_400
            }
            hour = Int(secondOfDay / 3600)
            minute = Int(secondOfDay % 3600 / 60)
            second = Int(secondOfDay % 60)
            // 1970-01-01 was a Thursday (index 4).
            weekday = Int(((days % 7) + 11) % 7)

            // civil_from_days: shift to a year starting 1 March so leap days come last.
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let shiftedMonth = (5 * dayOfYear + 2) / 153
            day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
            month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
            year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        }
    }

    /// days_from_civil: the day number (0 = 1970-01-01) of a proleptic Gregorian date.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 28 to 31, leap years included.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Validates fields (no leap seconds) and builds the date.
    private static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds))
    }

    /// Reads `count` ASCII digits of `bytes` from `start`; nil if any is not a digit.
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `value` zero-padded to `width` digits.
    /// A fixed-length ASCII text written byte by byte: one allocation, where concatenating
    /// a dozen pieces made a dozen (these run several times per signed request).
    private static func format(_ length: Int, _ write: (inout FixedText) -> Void) -> String {
        String(unsafeUninitializedCapacity: length) { buffer in
            var out = FixedText(buffer: buffer)
            write(&out)
            return out.count
        }
    }

    /// Where ``format(_:_:)`` writes.
    private struct FixedText {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        mutating func byte(_ character: Unicode.Scalar) {
            buffer[count] = UInt8(ascii: character)
            count += 1
        }

        mutating func text(_ text: String) {
            for byte in text.utf8 {
                buffer[count] = byte
                count += 1
            }
        }

        /// `value` (never negative here) in exactly `width` decimal digits, zero-padded.
        mutating func digits(_ value: Int, _ width: Int) {
            var remaining = value
            for position in stride(from: count + width - 1, through: count, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            count += width
        }
    }
}
