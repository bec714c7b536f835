/// `--name VALUE`, read as `arguments[key]`: the value converted, nil when not given (the last
/// one when given twice).
public struct Option<Value: Sendable>: OptionKey {
    public let declaration: OptionDeclaration

    /// An option whose text `convert` turns into a value, or refuses with what it expects.
    public init(
        _ name: String, short: Character? = nil, placeholder: String, help: String,
        convert: @escaping @Sendable (String) throws(InvalidValue) -> Value
    ) {
        declaration = OptionDeclaration(name: name, short: short, kind: .value(placeholder: placeholder), help: help) {
            (text: String) throws(InvalidValue) -> any Sendable in try convert(text)
        }
    }

    private init(declaration: OptionDeclaration) {
        self.declaration = declaration
    }

    /// The same option, described by `help` in the command that uses it this way.
    public func describing(_ help: String) -> Option {
        Option(declaration: declaration.describing(help))
    }
}

extension Option where Value == String {
    /// An option whose value is its text.
    public init(_ name: String, short: Character? = nil, placeholder: String, help: String) {
        self.init(name, short: short, placeholder: placeholder, help: help) { (text: String) throws(InvalidValue) in text }
    }
}

extension Option where Value: ArgumentValue {
    /// An option whose value converts as its type says.
    public init(_ name: String, short: Character? = nil, placeholder: String, help: String) {
        self.init(name, short: short, placeholder: placeholder, help: help) { (text: String) throws(InvalidValue) in
            try Value(argument: text)
        }
    }
}

extension Option where Value == Int {
    /// A whole number within `range`.
    public init(_ name: String, short: Character? = nil, placeholder: String, in range: ClosedRange<Int>, help: String) {
        self.init(name, short: short, placeholder: placeholder, help: help) { (text: String) throws(InvalidValue) in
            guard let number = Int(text), range.contains(number) else {
                throw InvalidValue(expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
    }
}

extension Option where Value == Double {
    /// A positive number of seconds, fractions allowed.
    public static func seconds(_ name: String, placeholder: String = "s", help: String) -> Option {
        Option(name, placeholder: placeholder, help: help) { (text: String) throws(InvalidValue) in
            guard let number = Double(text), number > 0, number.isFinite else {
                throw InvalidValue(expected: "a positive number of seconds")
            }
            return number
        }
    }
}

/// `--name VALUE` that may be repeated, read as `arguments[key]`: every value, in order.
public struct RepeatedOption<Value: Sendable>: OptionKey {
    public let declaration: OptionDeclaration

    public init(
        _ name: String, placeholder: String, help: String,
        convert: @escaping @Sendable (String) throws(InvalidValue) -> Value
    ) {
        declaration = OptionDeclaration(name: name, short: nil, kind: .repeated(placeholder: placeholder), help: help) {
            (text: String) throws(InvalidValue) -> any Sendable in try convert(text)
        }
    }
}

extension RepeatedOption where Value == String {
    /// A repeatable option whose values are their texts.
    public init(_ name: String, placeholder: String, help: String) {
        self.init(name, placeholder: placeholder, help: help) { (text: String) throws(InvalidValue) in text }
    }
}

/// `--name`, present or not, read as `arguments[key]`.
public struct Flag: OptionKey {
    public let declaration: OptionDeclaration

    public init(_ name: String, short: Character? = nil, help: String) {
        // Never called: a flag takes no text.
        declaration = OptionDeclaration(name: name, short: short, kind: .flag, help: help) { (_: String) throws(InvalidValue) -> any Sendable in true }
    }

    private init(declaration: OptionDeclaration) {
        self.declaration = declaration
    }

    /// The same flag, described by `help` in the command that uses it this way.
    public func describing(_ help: String) -> Flag {
        Flag(declaration: declaration.describing(help))
    }
}
