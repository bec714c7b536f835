import Core
/// A command line that did not fit its command's ``CommandSpec``; printed with the usage line,
/// and the process exits 64 (EX_USAGE).
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The arguments of one command after parsing against its spec.
public struct ParsedArguments: Sendable, Equatable {
    public private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// Whether `-h`/`--help` was given.
    public private(set) var wantsHelp = false

    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func value(_ name: String) -> String? { values[name]?.last }
    public func values(_ name: String) -> [String] { values[name] ?? [] }

    /// An integer option within `range`, or a usage error naming the option and the range.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("--\(name) expects a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// A positive number of seconds (fractions allowed), or a usage error.
    public func seconds(_ name: String) throws(UsageError) -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number > 0, number.isFinite else {
            throw UsageError("--\(name) expects a positive number of seconds, got '\(text)'")
        }
        return number
    }

    /// Parses `arguments` against `spec`: `--name value`, `--name=value`, `-x value`, flags,
    /// `--` ending options, positionals checked for count.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "-h" || argument == "--help" { parsed.wantsHelp = true; continue }
            var name: Substring
            var inlineValue: String?
            if argument.hasPrefix("--") {
                name = argument.dropFirst(2)
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = name[..<equals]
                }
            } else {
                name = argument.dropFirst()
            }
            guard let option = spec.options.first(where: { option in
                option.name == name || (name.count == 1 && option.short == name.first && !argument.hasPrefix("--"))
            }) else {
                throw UsageError("unknown option '\(argument)' for '\(spec.name)'" + suggestion(for: String(name), in: spec))
            }
            if !option.takesValue {
                if inlineValue != nil { throw UsageError("--\(option.name) takes no value") }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError("--\(option.name) needs a value: \(option.usageLabel)")
            }
            parsed.values[option.name, default: []].append(value)
        }
        if !parsed.wantsHelp { try checkPositionals(parsed.positionals, spec: spec) }
        return parsed
    }

    private static func checkPositionals(_ positionals: [String], spec: CommandSpec) throws(UsageError) {
        let required = spec.arguments.filter { !$0.optional }.count
        let unlimited = spec.arguments.contains { $0.repeating }
        if positionals.count < required {
            let missing = spec.arguments.filter { !$0.optional }[positionals.count]
            throw UsageError("missing argument <\(missing.name)> for '\(spec.name)'")
        }
        if !unlimited && positionals.count > spec.arguments.count {
            throw UsageError("unexpected argument '\(positionals[spec.arguments.count])' for '\(spec.name)'")
        }
    }

    private static func suggestion(for name: String, in spec: CommandSpec) -> String {
        let names = spec.options.map(\.name)
        guard let best = Suggestion.closest(to: name, among: names) else { return "" }
        return "; did you mean '--\(best)'?"
    }
}
