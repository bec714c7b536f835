import Core

/// Evaluates compiled segments over a document, producing node lists in document order.
struct JSONPathEvaluator {
    let root: JSON

    func evaluate(_ segments: [Segment], from start: [JSON]) -> [JSON] {
        var nodes = start
        for segment in segments {
            var next: [JSON] = []
            for node in nodes {
                if segment.descendant {
                    // Pre-order: a node's own matches come before its descendants'.
                    forEachDescendantOrSelf(of: node) { visited in
                        apply(segment.selectors, to: visited, into: &next)
                    }
                } else {
                    apply(segment.selectors, to: node, into: &next)
                }
            }
            nodes = next
        }
        return nodes
    }

    private func forEachDescendantOrSelf(of node: JSON, _ body: (JSON) -> Void) {
        body(node)
        switch node {
        case .array(let elements):
            for element in elements { forEachDescendantOrSelf(of: element, body) }
        case .object(let object):
            for value in object.values { forEachDescendantOrSelf(of: value, body) }
        default:
            break
        }
    }

    private func apply(_ selectors: [Selector], to node: JSON, into output: inout [JSON]) {
        for selector in selectors {
            select(selector, from: node, into: &output)
        }
    }

    private func select(_ selector: Selector, from node: JSON, into output: inout [JSON]) {
        switch selector {
        case .name(let name):
            if case .object(let object) = node, let value = object[name] { output.append(value) }
        case .index(let index):
            if case .array(let elements) = node, let value = Self.element(elements, at: index) {
                output.append(value)
            }
        case .wildcard:
            output.append(contentsOf: Self.children(of: node))
        case .slice(let start, let end, let step):
            if case .array(let elements) = node {
                output.append(contentsOf: Self.slice(elements, start: start, end: end, step: step ?? 1))
            }
        case .filter(let expression):
            // A filter tests each child: array elements, or an object's member values.
            for child in Self.children(of: node) where matches(expression, candidate: child) {
                output.append(child)
            }
        }
    }

    static func children(of node: JSON) -> [JSON] {
        switch node {
        case .array(let elements): elements
        case .object(let object): object.values
        default: []
        }
    }

    /// The element at `index`, counting from the end when negative; nil when out of range.
    static func element(_ elements: [JSON], at index: Int) -> JSON? {
        let resolved = index < 0 ? elements.count + index : index
        // Not a ternary: JSON is ExpressibleByNilLiteral, so `cond ? element : nil` would
        // type as JSON and turn "no such element" into a JSON null.
        guard elements.indices.contains(resolved) else { return nil }
        return elements[resolved]
    }

    /// RFC 9535 section 2.3.4.2: bounds are normalised and clamped, negative steps walk back.
    static func slice(_ elements: [JSON], start: Int?, end: Int?, step: Int) -> [JSON] {
        let count = elements.count
        func normalized(_ value: Int) -> Int { value >= 0 ? value : count + value }
        var result: [JSON] = []
        if step > 0 {
            let lower = min(max(normalized(start ?? 0), 0), count)
            let upper = min(max(normalized(end ?? count), 0), count)
            var index = lower
            while index < upper {
                result.append(elements[index])
                // A huge step such as 9223372036854775807 would overflow: past the end is done.
                let (next, overflow) = index.addingReportingOverflow(step)
                if overflow { break }
                index = next
            }
        } else {
            let upper = min(max(normalized(start ?? count - 1), -1), count - 1)
            let lower = min(max(end.map(normalized) ?? -1, -1), count - 1)
            var index = upper
            while lower < index {
                result.append(elements[index])
                let (next, overflow) = index.addingReportingOverflow(step)
                if overflow { break }
                index = next
            }
        }
        return result
    }

    // MARK: Filters

    private func matches(_ expression: FilterExpression, candidate: JSON) -> Bool {
        switch expression {
        case .or(let left, let right):
            matches(left, candidate: candidate) || matches(right, candidate: candidate)
        case .and(let left, let right):
            matches(left, candidate: candidate) && matches(right, candidate: candidate)
        case .not(let inner):
            !matches(inner, candidate: candidate)
        case .exists(let operand):
            resolve(operand, candidate: candidate) != nil
        case .compare(let left, let comparison, let right):
            Self.compare(resolve(left, candidate: candidate), comparison, resolve(right, candidate: candidate))
        }
    }

    /// The operand's value, or nil when its path selects nothing.
    private func resolve(_ operand: FilterOperand, candidate: JSON) -> JSON? {
        switch operand {
        case .literal(let value): return value
        case .current(let steps): return Self.follow(steps, from: candidate)
        case .root(let steps): return Self.follow(steps, from: root)
        }
    }

    private static func follow(_ steps: [SingularStep], from start: JSON) -> JSON? {
        var node = start
        for step in steps {
            switch (step, node) {
            case (.name(let name), .object(let object)):
                guard let value = object[name] else { return nil }
                node = value
            case (.index(let index), .array(let elements)):
                guard let value = element(elements, at: index) else { return nil }
                node = value
            default:
                return nil
            }
        }
        return node
    }

    /// RFC 9535 comparison: `==` on nothing/nothing is true, different types are unequal,
    /// ordering applies to two numbers (numerically) or two strings (by Unicode scalar), and
    /// `<=`/`>=` also hold for equal values of any type.
    static func compare(_ left: JSON?, _ comparison: ComparisonOperator, _ right: JSON?) -> Bool {
        switch comparison {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less: return isLess(left, right)
        case .greater: return isLess(right, left)
        case .lessOrEqual: return isLess(left, right) || left == right
        case .greaterOrEqual: return isLess(right, left) || left == right
        }
    }

    private static func isLess(_ left: JSON?, _ right: JSON?) -> Bool {
        switch (left, right) {
        case (.number(let a)?, .number(let b)?):
            return NumericOrder.compare(a, b) == .less
        case (.string(let a)?, .string(let b)?):
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        default:
            return false
        }
    }
}
