/// A parsed ProjectionExpression: the attributes (or nested parts of them) to return.
public struct ProjectionExpression: Sendable {
    /// The projected paths, in source order.
    public let paths: [DocumentPath]
    let placeholders: PlaceholderUse
    private let tree: ProjectionNode

    /// Parses a comma-separated list of document paths. Overlapping paths (`a, a.b`) and
    /// conflicting ones (`a[0], a.b`) are refused as DynamoDB refuses them.
    public init(_ text: String, names: [String: String] = [:]) throws(DynamoDBError) {
        var parser = ExpressionParser(text, kind: .projection, names: names, values: [:])
        do {
            paths = try parser.parseProjection()
        } catch {
            throw ExpressionKind.projection.invalid(error)
        }
        placeholders = PlaceholderUse(parser)
        var tree = ProjectionNode()
        for path in paths { tree.insert(path.elements[...]) }
        self.tree = tree
    }

    /// A projection of paths the engine already holds, not parsed from text: the legacy
    /// `AttributesToGet` list, and the paths an update wrote (`UPDATED_OLD`, `UPDATED_NEW`).
    init(paths: [DocumentPath]) {
        self.paths = paths
        placeholders = PlaceholderUse()
        var tree = ProjectionNode()
        for path in paths { tree.insert(path.elements[...]) }
        self.tree = tree
    }

    /// The top-level attributes the projection reads (for `dynamodb:Attributes`).
    public var attributeNames: Set<String> {
        Set(paths.map(\.topLevelAttribute))
    }

    /// The parts of `item` the projection names. Nested paths keep their structure; list
    /// elements picked by index come back compacted, in index order (`l[3], l[1]` of a
    /// five-element list is a two-element list `[l[1], l[3]]`), which is what DynamoDB returns.
    /// Paths that resolve to nothing are left out, and so is any map or list left empty.
    public func apply(to item: Item) -> Item {
        var result: Item = [:]
        for (name, node) in tree.members {
            if let value = item[name], let projected = node.project(value) { result[name] = projected }
        }
        return result
    }
}

/// The projected paths merged into one tree, built once at parse time.
private struct ProjectionNode: Sendable {
    var whole = false
    var members: [String: ProjectionNode] = [:]
    var indexes: [Int: ProjectionNode] = [:]

    mutating func insert(_ elements: ArraySlice<DocumentPath.Element>) {
        guard let first = elements.first else {
            whole = true
            return
        }
        switch first {
        case .attribute(let name): members[name, default: ProjectionNode()].insert(elements.dropFirst())
        case .index(let index): indexes[index, default: ProjectionNode()].insert(elements.dropFirst())
        }
    }

    func project(_ value: AttributeValue) -> AttributeValue? {
        if whole { return value }
        switch value {
        case .m(let map) where !members.isEmpty:
            var projected: [String: AttributeValue] = [:]
            for (name, node) in members {
                if let member = map[name], let part = node.project(member) { projected[name] = part }
            }
            return projected.isEmpty ? nil : .m(projected)
        case .l(let list) where !indexes.isEmpty:
            var projected: [AttributeValue] = []
            for index in indexes.keys.sorted() where index < list.count {
                if let part = indexes[index]?.project(list[index]) { projected.append(part) }
            }
            return projected.isEmpty ? nil : .l(projected)
        default:
            return nil
        }
    }
}

extension ExpressionParser {
    mutating func parseProjection() throws(ExpressionIssue) -> [DocumentPath] {
        try checkNotEmpty()
        var paths: [DocumentPath] = []
        while true {
            let offset = current.start
            let path = try parsePath()
            checkDistinctPaths(path, against: paths, at: offset)
            paths.append(path)
            guard current.kind == .comma else { break }
            advance()
        }
        try expectEnd()
        try finish()
        return paths
    }
}
