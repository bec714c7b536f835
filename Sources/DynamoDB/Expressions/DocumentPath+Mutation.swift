/// Writing and removing at document paths, for update expressions. Each step takes the nested
/// container out of its parent before changing it, so the change happens in place instead of
/// copying the whole document (copy-on-write would otherwise see two owners).
extension DocumentPath {
    static let invalidForUpdate = DynamoDBError.validation("The document path provided in the update expression is invalid for update")

    /// Sets the value at this path. Intermediate maps and lists must exist; an index past the
    /// end of a list appends (DynamoDB's rule for `SET list[n]`).
    func assign(_ value: AttributeValue, in item: inout Item) throws(DynamoDBError) {
        let name = topLevelAttribute
        guard elements.count > 1 else {
            item[name] = value
            return
        }
        guard var container = item.removeValue(forKey: name) else { throw Self.invalidForUpdate }
        defer { item[name] = container }
        try Self.assign(value, into: &container, at: elements[1...])
    }

    private static func assign(_ value: AttributeValue, into container: inout AttributeValue,
                               at path: ArraySlice<Element>) throws(DynamoDBError) {
        let step = path[path.startIndex]
        let rest = path.dropFirst()
        switch (step, container) {
        case (.attribute(let name), .m(var map)):
            container = .null
            defer { container = .m(map) }
            if rest.isEmpty {
                map[name] = value
            } else {
                guard var child = map.removeValue(forKey: name) else { throw invalidForUpdate }
                defer { map[name] = child }
                try assign(value, into: &child, at: rest)
            }
        case (.index(let index), .l(var list)):
            container = .null
            defer { container = .l(list) }
            if rest.isEmpty {
                if index < list.count { list[index] = value } else { list.append(value) }
            } else {
                guard index < list.count else { throw invalidForUpdate }
                var child = list[index]
                list[index] = .null
                defer { list[index] = child }
                try assign(value, into: &child, at: rest)
            }
        default:
            throw invalidForUpdate
        }
    }

    /// Removes the value at this path; a missing final step is not an error, a missing or
    /// mistyped parent is.
    func remove(from item: inout Item) throws(DynamoDBError) {
        let name = topLevelAttribute
        guard elements.count > 1 else {
            item.removeValue(forKey: name)
            return
        }
        guard var container = item.removeValue(forKey: name) else { throw Self.invalidForUpdate }
        defer { item[name] = container }
        try Self.remove(from: &container, at: elements[1...])
    }

    private static func remove(from container: inout AttributeValue, at path: ArraySlice<Element>) throws(DynamoDBError) {
        let step = path[path.startIndex]
        let rest = path.dropFirst()
        switch (step, container) {
        case (.attribute(let name), .m(var map)):
            container = .null
            defer { container = .m(map) }
            if rest.isEmpty {
                map.removeValue(forKey: name)
            } else {
                guard var child = map.removeValue(forKey: name) else { throw invalidForUpdate }
                defer { map[name] = child }
                try remove(from: &child, at: rest)
            }
        case (.index(let index), .l(var list)):
            container = .null
            defer { container = .l(list) }
            if rest.isEmpty {
                if index < list.count { list.remove(at: index) }
            } else {
                guard index < list.count else { throw invalidForUpdate }
                var child = list[index]
                list[index] = .null
                defer { list[index] = child }
                try remove(from: &child, at: rest)
            }
        default:
            throw invalidForUpdate
        }
    }

    /// Orders paths so removing them one by one never shifts a list element another removal
    /// still refers to: deeper and higher-indexed paths first.
    static func removalOrder(_ a: DocumentPath, _ b: DocumentPath) -> Bool {
        for (x, y) in zip(a.elements, b.elements) {
            switch (x, y) {
            case (.index(let i), .index(let j)) where i != j: return i > j
            case (.attribute(let m), .attribute(let n)) where m != n: return m > n
            default: continue
            }
        }
        return a.elements.count > b.elements.count
    }
}
