/// Where an item sits in an index, and what the index keeps of it.
struct IndexRow {
    let partition: KeyScalar
    let row: RowKey
    let stored: StoredItem
}

/// One secondary index: its keys, its projection, and the projected items.
///
/// Items are projected when written, as DynamoDB stores them, so a read costs nothing
/// extra and the index's size is the size of what it holds.
struct IndexStore {
    let definition: SecondaryIndexDefinition
    let isGlobal: Bool
    /// The index's own partition and sort attributes.
    let key: KeyLayout
    /// The attributes copied in; nil when the index projects every attribute.
    let projected: Set<String>?
    var items = ItemCollection()

    init(_ definition: SecondaryIndexDefinition, isGlobal: Bool, attributeDefinitions: [AttributeDefinition], tableKey: KeyLayout) {
        self.definition = definition
        self.isGlobal = isGlobal
        self.key = KeyLayout(definition.keySchema, definitions: attributeDefinitions)
        let keyNames = Set(tableKey.attributes.map(\.name) + key.attributes.map(\.name))
        switch definition.projection {
        case .all: projected = nil
        case .keysOnly: projected = keyNames
        case .include(let names): projected = keyNames.union(names)
        }
    }

    var name: String { definition.name }

    /// The same index over its own copy of the projected items. Built field by field, not as
    /// `var copy = self`, so the compiler can see it shares no partition with this index.
    func copy() -> sending IndexStore {
        IndexStore(definition: definition, isGlobal: isGlobal, key: key, projected: projected, items: items.copy())
    }

    private init(definition: SecondaryIndexDefinition, isGlobal: Bool, key: KeyLayout, projected: Set<String>?, items: sending ItemCollection) {
        self.definition = definition
        self.isGlobal = isGlobal
        self.key = key
        self.projected = projected
        self.items = items
    }

    func project(_ item: Item) -> Item {
        guard let projected else { return item }
        var result = Item(minimumCapacity: projected.count)
        for name in projected {
            if let value = item[name] { result[name] = value }
        }
        return result
    }

    /// The row a newly written item gets here; nil when the item lacks an index key
    /// attribute. Throws when an index key attribute has the wrong type or is empty.
    func row(for stored: StoredItem, tableKey: PrimaryKey) throws(DynamoDBError) -> IndexRow? {
        guard let indexKey = try key.indexKey(in: stored.item, indexName: name) else { return nil }
        return IndexRow(
            partition: indexKey.partition,
            row: RowKey(sort: indexKey.sort, tablePartition: tableKey.partition, tableSort: tableKey.sort),
            stored: projected == nil ? stored : StoredItem(project(stored.item))
        )
    }

    /// Where a stored item sits here, if it is indexed at all.
    func position(of item: Item, tableKey: PrimaryKey) -> (partition: KeyScalar, row: RowKey)? {
        guard let indexKey = key.storedIndexKey(in: item) else { return nil }
        return (indexKey.partition, RowKey(sort: indexKey.sort, tablePartition: tableKey.partition, tableSort: tableKey.sort))
    }
}
