/// A table item's primary key values.
struct PrimaryKey: Hashable {
    let partition: KeyScalar
    let sort: KeyScalar?

    /// The row position in the table's own partitions.
    var row: RowKey { RowKey(sort: sort) }
}

/// The largest item DynamoDB stores: 400 KB.
let maximumItemSize = 400 * 1024

/// Key extraction and validation, with the messages DynamoDB gives for each way a key can
/// be wrong. A `Key` map (GetItem, DeleteItem, UpdateItem) must be exactly the key; an item
/// (PutItem) must contain it.
extension KeyLayout {
    /// The key of a `Key` map.
    func key(fromKey map: Item) throws(DynamoDBError) -> PrimaryKey {
        guard map.count == (sort == nil ? 1 : 2) else { throw .validation("The provided key element does not match the schema") }
        func scalar(_ attribute: KeyAttribute) throws(DynamoDBError) -> KeyScalar {
            guard let value = map[attribute.name], let scalar = KeyScalar(value), scalar.type == attribute.type else {
                throw .validation("The provided key element does not match the schema")
            }
            return scalar
        }
        let key = PrimaryKey(partition: try scalar(partition), sort: try sort.map { attribute throws(DynamoDBError) in try scalar(attribute) })
        try checkValues(key)
        return key
    }

    /// The key of an item being written.
    func key(fromItem item: Item) throws(DynamoDBError) -> PrimaryKey {
        func scalar(_ attribute: KeyAttribute) throws(DynamoDBError) -> KeyScalar {
            guard let value = item[attribute.name] else {
                throw .validation("One or more parameter values were invalid: Missing the key \(attribute.name) in the item")
            }
            guard let scalar = KeyScalar(value), scalar.type == attribute.type else {
                throw .validation(
                    "One or more parameter values were invalid: Type mismatch for key \(attribute.name) expected: \(attribute.type.rawValue) actual: \(value.typeName)"
                )
            }
            return scalar
        }
        let key = PrimaryKey(partition: try scalar(partition), sort: try sort.map { attribute throws(DynamoDBError) in try scalar(attribute) })
        try checkValues(key)
        return key
    }

    /// Empty strings and binaries, and oversized keys, are refused in key position.
    private func checkValues(_ key: PrimaryKey) throws(DynamoDBError) {
        func refuseEmpty(_ scalar: KeyScalar, _ attribute: KeyAttribute) throws(DynamoDBError) {
            guard scalar.isEmpty else { return }
            let kind = scalar.type == .b ? "an empty binary type" : "an empty string"
            throw .validation("One or more parameter values were invalid: An AttributeValue may not contain \(kind). Key: \(attribute.name)")
        }
        try refuseEmpty(key.partition, partition)
        if let value = key.sort, let sort { try refuseEmpty(value, sort) }
        try Self.checkSizes(key.partition, key.sort)
    }

    static func checkSizes(_ partition: KeyScalar, _ sort: KeyScalar?) throws(DynamoDBError) {
        if partition.limitedSize > 2048 {
            // Sic: DynamoDB's message has no space before 2048.
            throw .validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
        }
        if let sort, sort.limitedSize > 1024 {
            throw .validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
        }
    }

    /// The `Key` map of a primary key.
    func keyItem(_ key: PrimaryKey) -> Item {
        var item: Item = [partition.name: key.partition.attributeValue]
        if let sort, let value = key.sort { item[sort.name] = value.attributeValue }
        return item
    }

    /// An index's key in an item being written: nil when the item lacks an index key
    /// attribute (it is then absent from the index: sparse indexes); an error when the
    /// attribute is there with the wrong type or empty.
    func indexKey(in item: Item, indexName: String) throws(DynamoDBError) -> (partition: KeyScalar, sort: KeyScalar?)? {
        var scalars: [KeyScalar] = []
        for attribute in attributes {
            guard let value = item[attribute.name] else { return nil }
            guard let scalar = KeyScalar(value), scalar.type == attribute.type else {
                throw .validation(
                    "One or more parameter values were invalid: Type mismatch for Index Key \(attribute.name) Expected: \(attribute.type.rawValue) Actual: \(value.typeName) IndexName: \(indexName)"
                )
            }
            if scalar.isEmpty {
                throw .validation(
                    "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty \(scalar.type == .b ? "binary" : "string") value. IndexName: \(indexName), IndexKey: \(attribute.name)"
                )
            }
            scalars.append(scalar)
        }
        try Self.checkSizes(scalars[0], scalars.count > 1 ? scalars[1] : nil)
        return (scalars[0], scalars.count > 1 ? scalars[1] : nil)
    }

    /// An index's key in a stored item, without complaint: an item written before the index
    /// existed may hold an index key attribute of the wrong type, and is then not indexed.
    func storedIndexKey(in item: Item) -> (partition: KeyScalar, sort: KeyScalar?)? {
        guard let value = item[partition.name], let first = KeyScalar(value), first.type == partition.type, !first.isEmpty else {
            return nil
        }
        guard let sort else { return (first, nil) }
        guard let value = item[sort.name], let second = KeyScalar(value), second.type == sort.type, !second.isEmpty else {
            return nil
        }
        return (first, second)
    }
}
