import Core

/// `MaxItems` and `Marker`, as every IAM List* operation takes them: at most `MaxItems` results
/// (1 to 1000, 100 when absent), `IsTruncated`, and when it is true a `Marker` that the next
/// request sends to go on (the SDKs' paginators follow it).
///
/// A marker is opaque to clients: the sort key of the first result of the next page. Lists are
/// sorted by that key, so the next page starts where the key would be, and an entity created
/// or deleted between pages neither repeats nor skips the others. A marker that does not
/// decode is `ValidationError` `Invalid Marker.`.
struct IAMListPaging {
    let maxItems: Int
    /// The key the page starts at; nil for the first page.
    let start: String?

    private static let prefix = "iam-list:"

    init(_ input: CloudMembers) throws(AWSError) {
        maxItems = try SimulationPages.maxItems(input)
        start = try input.optionalString("Marker").map { marker throws(AWSError) in
            let text = Base64URL.decode(marker).map { String(decoding: $0, as: UTF8.self) } ?? ""
            guard text.hasPrefix(Self.prefix) else { throw AWSError.validationError("Invalid Marker.") }
            return String(text.dropFirst(Self.prefix.count))
        }
    }

    /// The page of `items` (sorted by `key`, ascending, keys unique) under `member`, with
    /// `IsTruncated` and, when truncated, the `Marker`.
    func output<T>(_ items: [T], member: String, key: (T) -> String, shape: (T) -> JSON) -> JSONObject {
        var first = 0
        if let start {
            // Binary search: the first item whose key is not below the marker's.
            var high = items.count
            while first < high {
                let middle = (first + high) / 2
                if key(items[middle]) < start { first = middle + 1 } else { high = middle }
            }
        }
        let end = min(first + maxItems, items.count)
        var object: JSONObject = [member: .array(items[first..<end].map(shape)), "IsTruncated": .bool(end < items.count)]
        if end < items.count {
            object["Marker"] = .string(Base64URL.encode(Array((Self.prefix + key(items[end])).utf8)))
        }
        return object
    }
}
