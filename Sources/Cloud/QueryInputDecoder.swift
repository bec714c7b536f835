// The AWS Query protocol's flat `Name.member.1.Key=value` parameters, made structured.
import Core

/// Turns Query-protocol form parameters into the JSON structure the operation describes,
/// so that Query services read their input the same way JSON services do.
///
/// The rules of AWS's query serialisation, read backwards:
/// - `Name=v` is a member `"Name": "v"`. Every leaf is a string; services convert
///   (``CloudMembers`` does it for them).
/// - `Name.member.N...` and `Name.N...` (flattened lists) are a list, ordered by the
///   1-based `N`, gaps closed.
/// - `Name.entry.N.key` / `.value` (also `Key`/`Value`) is a map.
/// - Anything else dotted is a nested structure: `Tags.member.1.Key=k` is
///   `{"Tags": [{"Key": "k"}]}`, `ContextEntries.member.1.ContextKeyValues.member.1=v`
///   is `{"ContextEntries": [{"ContextKeyValues": ["v"]}]}`.
/// - `Action` and `Version` are protocol, not input, and are removed.
///
/// Members keep the order of their first parameter. An empty list is sent as `Name=`, which
/// decodes to the string `""`; the list accessors of ``CloudMembers`` read it as `[]`. When
/// a name is sent both as a value and as a structure (`A=1&A.B=2`) the structure wins, and a
/// repeated parameter keeps its last value.
public enum QueryInputDecoder {
    /// How many dotted segments a parameter name may have. AWS's deepest Query shapes need
    /// about six; the limit keeps a hostile name from recursing the decoder off the stack.
    public static let maxNameSegments = 32

    /// The structured input for `parameters` (decoded names and values, in order).
    public static func decode(_ parameters: [(name: String, value: String)]) throws(AWSError) -> JSONObject {
        var root = Node()
        for (name, value) in parameters {
            let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard segments.count <= maxNameSegments else {
                throw AWSError.validationError(
                    "Parameter name '\(name.prefix(80))...' has \(segments.count) dotted parts; at most \(maxNameSegments) are allowed"
                )
            }
            if segments.count == 1, name == "Action" || name == "Version" { continue }
            root.insert(segments[...], value: value)
        }
        return root.structure()
    }

    /// One name segment's worth of parameters: its own value and its dotted children.
    private struct Node {
        var value: String?
        var childOrder: [String] = []
        var children: [String: Node] = [:]

        mutating func insert(_ segments: ArraySlice<String>, value: String) {
            guard let first = segments.first else {
                self.value = value
                return
            }
            if children[first] == nil { childOrder.append(first) }
            children[first, default: Node()].insert(segments.dropFirst(), value: value)
        }

        func json() -> JSON {
            if children.isEmpty { return .string(value ?? "") }
            if childOrder == ["member"], let members = children["member"]?.numbered() {
                return .array(members.map { $0.json() })
            }
            if childOrder == ["entry"], let entries = children["entry"]?.numbered(), let map = Self.map(entries) {
                return .object(map)
            }
            if let elements = numbered() {
                return .array(elements.map { $0.json() })
            }
            return .object(structure())
        }

        func structure() -> JSONObject {
            JSONObject(childOrder.map { ($0, children[$0]!.json()) })
        }

        /// The children in index order when every child name is a decimal index.
        func numbered() -> [Node]? {
            guard !children.isEmpty else { return nil }
            var indexed: [(index: Int, order: Int, node: Node)] = []
            for (order, name) in childOrder.enumerated() {
                guard name.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                      let index = Int(name) else { return nil }
                indexed.append((index, order, children[name]!))
            }
            // `order` breaks ties between spellings of one index (`1` and `01`) stably.
            indexed.sort { ($0.index, $0.order) < ($1.index, $1.order) }
            return indexed.map(\.node)
        }

        /// A map from `entry` nodes that each have a key; nil when one does not, so the
        /// parameters fall back to a plain list of structures.
        static func map(_ entries: [Node]) -> JSONObject? {
            var map = JSONObject()
            for entry in entries {
                guard let key = (entry.children["key"] ?? entry.children["Key"]), key.children.isEmpty,
                      let name = key.value else { return nil }
                map[name] = (entry.children["value"] ?? entry.children["Value"])?.json() ?? .string("")
            }
            return map
        }
    }
}
