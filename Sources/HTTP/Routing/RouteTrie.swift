/// The path tree behind ``Router``: one node per path segment, so dispatch costs one dictionary
/// lookup per segment whatever the number of routes.
///
/// Patterns are `/`-separated segments: a literal (`users`), a parameter (`:userName`) that
/// matches any one segment, or a final `*` that matches the rest of the path (possibly empty),
/// captured as parameter `*`.
struct RouteTrie: Sendable {
    /// One path segment's worth of routes. A value type: copying a router copies its routes.
    struct Node: Sendable {
        var literals: [String: Node] = [:]
        /// The `:name` child; an array of zero or one node because a struct cannot hold itself.
        var parameter: [(name: String, node: Node)] = []
        var catchAll: [String: RouteHandler] = [:]
        var handlers: [String: RouteHandler] = [:]
    }

    /// What a lookup found.
    enum Match {
        case found(RouteHandler, parameters: [String: String])
        /// The path exists but not for this method; the methods it does answer, sorted.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private(set) var root = Node()

    static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// Registers `handler`; a pattern registered twice for one method is a programming error.
    mutating func insert(method: String, pattern: String, handler: @escaping RouteHandler) {
        Self.insert(into: &root, Self.segments(of: pattern)[...], method: method, pattern: pattern, handler: handler)
    }

    private static func insert(
        into node: inout Node, _ parts: ArraySlice<Substring>, method: String,
        pattern: String, handler: @escaping RouteHandler
    ) {
        guard let part = parts.first else {
            precondition(node.handlers[method] == nil, "route \(method) \(pattern) registered twice")
            node.handlers[method] = handler
            return
        }
        let rest = parts.dropFirst()
        if part == "*" {
            precondition(rest.isEmpty, "route \(pattern): '*' must be the last segment")
            precondition(node.catchAll[method] == nil, "route \(method) \(pattern) registered twice")
            node.catchAll[method] = handler
        } else if part.hasPrefix(":") {
            let name = String(part.dropFirst())
            if node.parameter.isEmpty { node.parameter = [(name, Node())] }
            precondition(node.parameter[0].name == name,
                         "route \(pattern): ':\(name)' conflicts with ':\(node.parameter[0].name)' at the same place")
            insert(into: &node.parameter[0].node, rest, method: method, pattern: pattern, handler: handler)
        } else {
            insert(into: &node.literals[String(part), default: Node()], rest, method: method, pattern: pattern, handler: handler)
        }
    }

    /// Finds the handler for `method` and the decoded path `segments`; literals beat parameters,
    /// which beat a catch-all. `HEAD` falls back to `GET`.
    func match(method: String, segments: [String]) -> Match {
        var allowed = Set<String>()
        if let result = search(root, segments[...], method: method, parameters: [:], allowed: &allowed) {
            return result
        }
        if method == "HEAD", case .found(let handler, let parameters) = match(method: "GET", segments: segments) {
            return .found(handler, parameters: parameters)
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") { allowed.insert("HEAD") }
        return .methodNotAllowed(allowed: allowed.sorted())
    }

    private func search(
        _ node: Node, _ rest: ArraySlice<String>, method: String,
        parameters: [String: String], allowed: inout Set<String>
    ) -> Match? {
        guard let segment = rest.first else {
            if let handler = node.handlers[method] { return .found(handler, parameters: parameters) }
            allowed.formUnion(node.handlers.keys)
            return catchAll(node, rest, method: method, parameters: parameters, allowed: &allowed)
        }
        let tail = rest.dropFirst()
        if let child = node.literals[segment],
           let found = search(child, tail, method: method, parameters: parameters, allowed: &allowed) {
            return found
        }
        if let (name, child) = node.parameter.first {
            var bound = parameters
            bound[name] = segment
            if let found = search(child, tail, method: method, parameters: bound, allowed: &allowed) {
                return found
            }
        }
        return catchAll(node, rest, method: method, parameters: parameters, allowed: &allowed)
    }

    private func catchAll(
        _ node: Node, _ rest: ArraySlice<String>, method: String,
        parameters: [String: String], allowed: inout Set<String>
    ) -> Match? {
        guard !node.catchAll.isEmpty else { return nil }
        if let handler = node.catchAll[method] {
            var bound = parameters
            bound["*"] = rest.joined(separator: "/")
            return .found(handler, parameters: bound)
        }
        allowed.formUnion(node.catchAll.keys)
        return nil
    }
}
