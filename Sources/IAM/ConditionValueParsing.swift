import Core

/// Reading the typed values that Numeric, Date, Bool, IpAddress and Binary conditions
/// compare. Policy values are read once at parse time; request values (text in the request
/// context) when a condition of that type looks at them. Text that does not read as the
/// operator's type matches nothing.
enum ConditionValueParsing {
    /// A decimal number: optional sign, digits, optional fraction and exponent
    /// (`10`, `-2.5`, `1e3`). No hex, `inf` or `nan`, which `Double.init` would take.
    static func number(_ text: String) -> Double? {
        var sawDigit = false
        var index = text.utf8.startIndex
        let bytes = text.utf8
        func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }
        func digits() -> Bool {
            var any = false
            while let byte = peek(), byte &- UInt8(ascii: "0") < 10 {
                any = true
                index = bytes.index(after: index)
            }
            return any
        }
        if peek() == UInt8(ascii: "-") || peek() == UInt8(ascii: "+") { index = bytes.index(after: index) }
        sawDigit = digits()
        if peek() == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            sawDigit = digits() || sawDigit
        }
        guard sawDigit else { return nil }
        if let byte = peek(), byte | 0x20 == UInt8(ascii: "e") {
            index = bytes.index(after: index)
            if peek() == UInt8(ascii: "-") || peek() == UInt8(ascii: "+") { index = bytes.index(after: index) }
            guard digits() else { return nil }
        }
        guard index == bytes.endIndex, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `true` or `false`, in any case.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// Seconds since 1970 for a date in one of the W3C ISO 8601 profiles
    /// (`2020`, `2020-06`, `2020-06-30`, `2020-06-30T12:00Z`, `2020-06-30T12:00:00Z`,
    /// `2020-06-30T12:00:00.5+02:00`), the SigV4 basic form (`20200630T120000Z`), or epoch
    /// seconds (`1593518400`), the forms AWS accepts for Date conditions and
    /// `aws:CurrentTime` / `aws:EpochTime`. A time without a zone is taken as UTC.
    static func date(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        let allDigits = bytes.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
        if allDigits, bytes.count != 4 {
            // Epoch seconds; four digits alone are a year, as ISO 8601 reads them.
            return number(text)
        }
        if bytes.count == 16, bytes[8] == UInt8(ascii: "T") {
            return AWSTimestamp.parseAmzDate(text).map { $0.timeIntervalSince1970 }
        }
        return iso8601(bytes)
    }

    private static func iso8601(_ b: [UInt8]) -> Double? {
        func field(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for byte in b[start..<start + count] {
                guard byte &- UInt8(ascii: "0") < 10 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int) -> UInt8? { index < b.count ? b[index] : nil }

        guard let year = field(0, 4) else { return nil }
        var month = 1, day = 1, seconds = 0.0
        var index = 4
        if byte(index) == UInt8(ascii: "-") {
            guard let m = field(5, 2) else { return nil }
            month = m
            index = 7
            if byte(index) == UInt8(ascii: "-") {
                guard let d = field(8, 2) else { return nil }
                day = d
                index = 10
            }
        }
        guard (1...12).contains(month), day >= 1, day <= AWSTimestamp.daysInMonth(year: year, month: month) else { return nil }
        if byte(index) == UInt8(ascii: "T") {
            guard index == 10, let hour = field(11, 2), byte(13) == UInt8(ascii: ":"), let minute = field(14, 2),
                  hour < 24, minute < 60 else { return nil }
            seconds = Double(hour * 3600 + minute * 60)
            index = 16
            if byte(index) == UInt8(ascii: ":") {
                guard let second = field(17, 2), second < 60 else { return nil }
                seconds += Double(second)
                index = 19
                if byte(index) == UInt8(ascii: ".") {
                    var fraction = 0.0, scale = 0.1
                    index += 1
                    let fractionStart = index
                    while let digit = byte(index), digit &- UInt8(ascii: "0") < 10 {
                        fraction += Double(digit - UInt8(ascii: "0")) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > fractionStart else { return nil }
                    seconds += fraction
                }
            }
            // Zone designator: Z, ±hh:mm or ±hhmm; none means UTC.
            if byte(index) == UInt8(ascii: "Z") {
                index += 1
            } else if let sign = byte(index), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let zoneHour = field(index + 1, 2) else { return nil }
                var zoneMinute = 0
                if byte(index + 3) == UInt8(ascii: ":") {
                    guard let m = field(index + 4, 2) else { return nil }
                    zoneMinute = m
                    index += 6
                } else if let m = field(index + 3, 2) {
                    zoneMinute = m
                    index += 5
                } else {
                    index += 3
                }
                guard zoneHour < 24, zoneMinute < 60 else { return nil }
                let offset = Double(zoneHour * 3600 + zoneMinute * 60)
                seconds += sign == UInt8(ascii: "+") ? -offset : offset
            }
        }
        guard index == b.count else { return nil }
        return Double(AWSTimestamp.daysFromCivil(year: year, month: month, day: day)) * 86_400 + seconds
    }

    /// The bytes of a Base64 value, for `BinaryEquals`.
    static func binary(_ text: String) -> [UInt8]? {
        Base64.decode(text)
    }
}
