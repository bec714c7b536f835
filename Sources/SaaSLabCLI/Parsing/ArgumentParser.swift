import Core
/// A command line that did not fit its command's ``CommandSpec``; printed with the usage line,
/// and the process exits 64 (EX_USAGE).
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The arguments of one command after parsing against its spec, every option's value already
/// converted; read through the option's key: `arguments[Self.port]`.
public struct ParsedArguments: Sendable {
    public private(set) var positionals: [String] = []
    private var values: [String: [any Sendable]] = [:]
    private var flags: Set<String> = []
    /// Whether `-h`/`--help` was given.
    public private(set) var wantsHelp = false
    /// The options of the spec parsed against: reading any other is a defect of the command.
    private let declared: Set<String>

    private init(declared: Set<String>) {
        self.declared = declared
    }

    /// The option's value, nil when it was not given; the last when given more than once.
    public subscript<Value>(option: Option<Value>) -> Value? {
        read(option.declaration.name, as: Value.self).last
    }

    /// Every value of a repeatable option, in order.
    public subscript<Value>(option: RepeatedOption<Value>) -> [Value] {
        read(option.declaration.name, as: Value.self)
    }

    /// Whether the flag was given.
    public subscript(flag: Flag) -> Bool {
        assert(declared.contains(flag.declaration.name), "--\(flag.declaration.name) is not in the command's spec")
        return flags.contains(flag.declaration.name)
    }

    private func read<Value>(_ name: String, as type: Value.Type) -> [Value] {
        assert(declared.contains(name), "--\(name) is not in the command's spec")
        let given = values[name] ?? []
        let typed = given.compactMap { $0 as? Value }
        assert(typed.count == given.count, "--\(name) is declared with another type than \(Value.self)")
        return typed
    }

    /// Parses `arguments` against `spec`: `--name value`, `--name=value`, `-x value`, flags,
    /// `--` ending options, positionals checked for count, and every value converted by its
    /// option (a refused value is a usage error, unless help was asked for).
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(declared: Set(spec.options.map(\.name)))
        var refused: UsageError?
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
            let text: String
            if let inlineValue {
                text = inlineValue
            } else if index < arguments.count {
                text = arguments[index]
                index += 1
            } else {
                throw UsageError("--\(option.name) needs a value: \(option.usageLabel)")
            }
            do throws(InvalidValue) {
                parsed.values[option.name, default: []].append(try option.convert(text))
            } catch {
                refused = refused ?? UsageError(error.message(option: option.name, given: text))
            }
        }
        if parsed.wantsHelp { return parsed }
        if let refused { throw refused }
        try checkPositionals(parsed.positionals, spec: spec)
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
