/// Exact addition and subtraction, for `SET a = a + :n` and `ADD`.
extension DynamoNumber {
    public static func + (lhs: DynamoNumber, rhs: DynamoNumber) -> DynamoNumber {
        if lhs.isZero { return rhs }
        if rhs.isZero { return lhs }
        // Align both on a common least significant power of ten.
        let low = min(lhs.exponent - lhs.digits.count, rhs.exponent - rhs.digits.count)
        let high = max(lhs.exponent, rhs.exponent) + 1
        let width = high - low
        func aligned(_ number: DynamoNumber) -> [Int] {
            var column = [Int](repeating: 0, count: width)
            for (index, digit) in number.digits.enumerated() {
                column[high - number.exponent + index] = Int(digit)
            }
            return column
        }
        let a = aligned(lhs), b = aligned(rhs)
        var result = [Int](repeating: 0, count: width)
        var negative: Bool
        if lhs.negative == rhs.negative {
            negative = lhs.negative
            var carry = 0
            for index in stride(from: width - 1, through: 0, by: -1) {
                let sum = a[index] + b[index] + carry
                result[index] = sum % 10
                carry = sum / 10
            }
        } else {
            let lhsBigger = compareMagnitude(lhs, rhs) >= 0
            let (big, small) = lhsBigger ? (a, b) : (b, a)
            negative = lhsBigger ? lhs.negative : rhs.negative
            var borrow = 0
            for index in stride(from: width - 1, through: 0, by: -1) {
                var difference = big[index] - small[index] - borrow
                borrow = difference < 0 ? 1 : 0
                if difference < 0 { difference += 10 }
                result[index] = difference
            }
        }
        let sum = DynamoNumber(digits: result.map(UInt8.init), exponent: high, negative: negative)
        if sum.isZero { negative = false }
        return sum
    }

    public static prefix func - (value: DynamoNumber) -> DynamoNumber {
        DynamoNumber(digits: value.digits, exponent: value.exponent, negative: !value.negative)
    }

    public static func - (lhs: DynamoNumber, rhs: DynamoNumber) -> DynamoNumber {
        lhs + (-rhs)
    }

    /// Whether the value still fits DynamoDB's limits after arithmetic (38 digits, range).
    public var isRepresentable: Bool {
        digits.count <= 38 && (digits.isEmpty || (exponent >= -129 && exponent <= 126))
    }
}
