import Core

/// A table as CreateTable defines it: name, keys, the types of every key attribute,
/// secondary indexes and billing. Always valid: every initialiser checks the definition
/// with DynamoDB's rules and messages, and UpdateTable changes it only through checked paths.
public struct TableDefinition: Sendable, Hashable {
    public internal(set) var name: TableName
    public internal(set) var keySchema: KeySchema
    /// Exactly the key attributes of the table and its indexes, in the order given.
    public internal(set) var attributeDefinitions: [AttributeDefinition]
    public internal(set) var globalSecondaryIndexes: [SecondaryIndexDefinition]
    public internal(set) var localSecondaryIndexes: [SecondaryIndexDefinition]
    public internal(set) var billingMode: BillingMode

    /// A definition built in code; throws the ValidationException CreateTable would.
    public init(
        name: TableName, keySchema: KeySchema, attributeDefinitions: [AttributeDefinition],
        globalSecondaryIndexes: [SecondaryIndexDefinition] = [], localSecondaryIndexes: [SecondaryIndexDefinition] = [],
        billingMode: BillingMode = .payPerRequest
    ) throws(DynamoDBError) {
        self.name = name
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
        self.billingMode = billingMode
        try validate()
    }

    /// The type of a defined attribute.
    public func type(of attribute: String) -> ScalarAttributeType? {
        attributeDefinitions.first { $0.name == attribute }?.type
    }

    /// Every secondary index, local ones first (the order DescribeTable lists them in).
    public var secondaryIndexes: [(definition: SecondaryIndexDefinition, isGlobal: Bool)] {
        localSecondaryIndexes.map { ($0, false) } + globalSecondaryIndexes.map { ($0, true) }
    }

    /// The index called `name`, if any.
    public func index(named name: String) -> (definition: SecondaryIndexDefinition, isGlobal: Bool)? {
        secondaryIndexes.first { $0.definition.name == name }
    }

    static func notDefined(_ keys: [String], _ definitions: [AttributeDefinition]) -> DynamoDBError {
        .validation(
            "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [\(keys.joined(separator: ", "))], AttributeDefinitions: [\(definitions.map(\.name).joined(separator: ", "))]"
        )
    }

    /// The checks CreateTable makes once the request is well-formed, in the order DynamoDB
    /// reports them.
    func validate() throws(DynamoDBError) {
        let defined = Set(attributeDefinitions.map(\.name))
        if keySchema.sortKey == keySchema.partitionKey {
            throw .validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
        }
        if !keySchema.attributeNames.allSatisfy(defined.contains) {
            throw Self.notDefined(keySchema.attributeNames, attributeDefinitions)
        }
        if defined.count != attributeDefinitions.count {
            throw .validation("One or more parameter values were invalid: Cannot have two attributes with the same name")
        }
        if case .provisioned(let throughput) = billingMode {
            try Self.checkCapacity(throughput, path: "provisionedThroughput")
        }
        var indexNames: Set<String> = []
        for index in localSecondaryIndexes {
            guard keySchema.sortKey != nil else {
                throw .validation("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
            }
            try checkIndex(index, defined: defined, names: &indexNames)
            guard index.keySchema.sortKey != nil else {
                throw .validation("One or more parameter values were invalid: Index KeySchema does not have a range key for index: \(index.name)")
            }
            guard index.keySchema.partitionKey == keySchema.partitionKey else {
                throw .validation(
                    "One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: \(index.name). index hash key: \(index.keySchema.partitionKey), table hash key: \(keySchema.partitionKey)"
                )
            }
        }
        if localSecondaryIndexes.count > 5 {
            throw .validation("One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5")
        }
        for index in globalSecondaryIndexes {
            try checkIndex(index, defined: defined, names: &indexNames)
            try checkIndexThroughput(index)
        }
        if globalSecondaryIndexes.count > 20 {
            throw .validation("One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20")
        }
        try checkNoUnusedDefinitions()
    }

    /// DynamoDB keeps definitions for key attributes only; an extra one is an error whose
    /// wording depends on whether the request declares indexes.
    func checkNoUnusedDefinitions() throws(DynamoDBError) {
        var used: [String] = []
        for name in keySchema.attributeNames + secondaryIndexes.flatMap(\.definition.keySchema.attributeNames) where !used.contains(name) {
            used.append(name)
        }
        guard attributeDefinitions.count > used.count else { return }
        if secondaryIndexes.isEmpty {
            throw .validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
        }
        throw .validation(
            "One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [\(attributeDefinitions.map(\.name).joined(separator: ", "))], keys used: [\(used.joined(separator: ", "))]"
        )
    }

    func checkIndex(_ index: SecondaryIndexDefinition, defined: Set<String>, names: inout Set<String>) throws(DynamoDBError) {
        try TableName.check(index.name, member: "indexName")
        if !index.keySchema.attributeNames.allSatisfy(defined.contains) {
            throw Self.notDefined(index.keySchema.attributeNames, attributeDefinitions)
        }
        if index.keySchema.sortKey == index.keySchema.partitionKey {
            throw .validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
        }
        guard names.insert(index.name).inserted else {
            throw .validation("One or more parameter values were invalid: Duplicate index name: \(index.name)")
        }
    }

    /// A global index has its own capacity exactly when the table is provisioned.
    func checkIndexThroughput(_ index: SecondaryIndexDefinition) throws(DynamoDBError) {
        switch (billingMode, index.provisionedThroughput) {
        case (.payPerRequest, .some):
            throw .validation("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: \(index.name) when BillingMode is PAY_PER_REQUEST")
        case (.provisioned, nil):
            throw .validation("One or more parameter values were invalid: ProvisionedThroughput must be specified for index: \(index.name)")
        case (.provisioned, .some(let throughput)):
            try Self.checkCapacity(throughput, path: "globalSecondaryIndexes.member.provisionedThroughput")
        case (.payPerRequest, nil):
            break
        }
    }

    static func checkCapacity(_ throughput: ProvisionedThroughput, path: String) throws(DynamoDBError) {
        for (value, member) in [(throughput.readCapacityUnits, "readCapacityUnits"), (throughput.writeCapacityUnits, "writeCapacityUnits")] where value < 1 {
            throw TableRequestReader.constraint("'\(value)'", at: "\(path).\(member)", "Member must have value greater than or equal to 1")
        }
    }
}
