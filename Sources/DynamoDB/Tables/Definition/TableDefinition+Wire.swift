import Core

/// Reading CreateTable's request body.
extension TableDefinition {
    /// Reads a CreateTable request body (`TableName`, `KeySchema`, `AttributeDefinitions`,
    /// `GlobalSecondaryIndexes`, `LocalSecondaryIndexes`, `BillingMode`,
    /// `ProvisionedThroughput`) and validates it. Members CreateTable accepts but the engine
    /// does not model (`StreamSpecification`, `SSESpecification`, `Tags`, `TableClass`,
    /// `DeletionProtectionEnabled`) are ignored.
    public init(createTableRequest json: JSON) throws(DynamoDBError) {
        let request = try TableRequestReader(json, member: "CreateTableInput")
        let name = try TableName(try request.requiredString("TableName", path: "tableName"))
        guard let definitionElements = try request.array("AttributeDefinitions", path: "attributeDefinitions") else {
            throw TableRequestReader.notNull("attributeDefinitions")
        }
        var definitions: [AttributeDefinition] = []
        for (offset, element) in definitionElements.enumerated() {
            let path = "attributeDefinitions.\(offset + 1).member"
            let member = try TableRequestReader(element, member: path)
            let attribute = try member.requiredString("AttributeName", path: "\(path).attributeName")
            let type = try member.enumeration("AttributeType", path: "\(path).attributeType", allowed: ["B", "N", "S"], required: true)
            definitions.append(AttributeDefinition(name: attribute, type: ScalarAttributeType(rawValue: type ?? "S") ?? .s))
        }
        guard let keySchemaJSON = request.object["KeySchema"], !keySchemaJSON.isNull else {
            throw TableRequestReader.notNull("keySchema")
        }
        let keySchema = try KeySchema(wire: keySchemaJSON, path: "keySchema")

        let billing = try request.enumeration("BillingMode", path: "billingMode", allowed: ["PROVISIONED", "PAY_PER_REQUEST"], required: false)
        let throughput = try request.reader("ProvisionedThroughput", path: "provisionedThroughput")
            .map { reader throws(DynamoDBError) in try ProvisionedThroughput(reader: reader, path: "provisionedThroughput") }
        let billingMode: BillingMode
        switch (billing, throughput) {
        case ("PAY_PER_REQUEST", .some):
            throw .validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
        case ("PAY_PER_REQUEST", nil):
            billingMode = .payPerRequest
        case (_, .some(let throughput)):
            billingMode = .provisioned(throughput)
        case ("PROVISIONED", nil):
            throw .validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
        default:
            throw .validation("No provisioned throughput specified for the table")
        }

        let locals = try Self.indexes(request, member: "LocalSecondaryIndexes", path: "localSecondaryIndexes")
        let globals = try Self.indexes(request, member: "GlobalSecondaryIndexes", path: "globalSecondaryIndexes")
        try self.init(
            name: name, keySchema: keySchema, attributeDefinitions: definitions,
            globalSecondaryIndexes: globals, localSecondaryIndexes: locals, billingMode: billingMode
        )
    }

    static func indexes(_ request: TableRequestReader, member: String, path: String) throws(DynamoDBError) -> [SecondaryIndexDefinition] {
        guard let elements = try request.array(member, path: path) else { return [] }
        guard !elements.isEmpty else {
            throw .validation("One or more parameter values were invalid: List of \(member) is empty")
        }
        var result: [SecondaryIndexDefinition] = []
        for (offset, element) in elements.enumerated() {
            result.append(try SecondaryIndexDefinition(wire: element, path: "\(path).\(offset + 1).member"))
        }
        return result
    }
}

extension KeySchema {
    /// Reads a `KeySchema` array: one `HASH` element, optionally followed by one `RANGE`.
    init(wire json: JSON, path: String) throws(DynamoDBError) {
        guard case .array(let elements) = json else {
            throw TableRequestReader.mismatch(json, expected: "a List", member: path)
        }
        var names: [String] = []
        var types: [String] = []
        for (offset, element) in elements.enumerated() {
            let memberPath = "\(path).\(offset + 1).member"
            let member = try TableRequestReader(element, member: memberPath)
            names.append(try member.requiredString("AttributeName", path: "\(memberPath).attributeName"))
            types.append(try member.enumeration("KeyType", path: "\(memberPath).keyType", allowed: ["HASH", "RANGE"], required: true) ?? "")
        }
        let rendered = "[" + zip(names, types).map { "KeySchemaElement(attributeName=\($0), keyType=\($1))" }.joined(separator: ", ") + "]"
        if elements.isEmpty {
            throw TableRequestReader.constraint("'\(rendered)'", at: path, "Member must have length greater than or equal to 1")
        }
        if elements.count > 2 {
            throw TableRequestReader.constraint("'\(rendered)'", at: path, "Member must have length less than or equal to 2")
        }
        if names.count == 2, names[0] == names[1] {
            throw .validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
        }
        if types[0] != "HASH" {
            throw .validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
        }
        if types.count == 2, types[1] != "RANGE" {
            throw .validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
        }
        self.init(partitionKey: names[0], sortKey: names.count == 2 ? names[1] : nil)
    }
}

extension ProvisionedThroughput {
    init(reader: TableRequestReader, path: String) throws(DynamoDBError) {
        guard let read = try reader.integer("ReadCapacityUnits", path: "\(path).readCapacityUnits") else {
            throw TableRequestReader.notNull("\(path).readCapacityUnits")
        }
        guard let write = try reader.integer("WriteCapacityUnits", path: "\(path).writeCapacityUnits") else {
            throw TableRequestReader.notNull("\(path).writeCapacityUnits")
        }
        self.init(readCapacityUnits: read, writeCapacityUnits: write)
        try TableDefinition.checkCapacity(self, path: path)
    }

    /// The `ProvisionedThroughput` description: capacity, and zero decreases today.
    var wire: JSON {
        ["NumberOfDecreasesToday": 0, "ReadCapacityUnits": .number(readCapacityUnits), "WriteCapacityUnits": .number(writeCapacityUnits)]
    }
}

extension Projection {
    init(wire json: JSON, path: String) throws(DynamoDBError) {
        let reader = try TableRequestReader(json, member: path)
        let type = try reader.enumeration("ProjectionType", path: "\(path).projectionType", allowed: ["ALL", "INCLUDE", "KEYS_ONLY"], required: false)
        let nonKey = try reader.strings("NonKeyAttributes", path: "\(path).nonKeyAttributes")
        switch type {
        case nil:
            throw .validation("One or more parameter values were invalid: Unknown ProjectionType: null")
        case "INCLUDE":
            self = .include(nonKey ?? [])
        case let type?:
            if nonKey != nil {
                throw .validation("One or more parameter values were invalid: ProjectionType is \(type), but NonKeyAttributes is specified")
            }
            self = type == "ALL" ? .all : .keysOnly
        }
    }
}

extension SecondaryIndexDefinition {
    /// Reads one element of `GlobalSecondaryIndexes`, `LocalSecondaryIndexes` or an
    /// UpdateTable `Create`.
    public init(wire json: JSON, path: String) throws(DynamoDBError) {
        let reader = try TableRequestReader(json, member: path)
        let name = try reader.requiredString("IndexName", path: "\(path).indexName")
        try TableName.check(name, member: "\(path).indexName")
        guard let keySchema = reader.object["KeySchema"], !keySchema.isNull else {
            throw TableRequestReader.notNull("\(path).keySchema")
        }
        guard let projection = reader.object["Projection"], !projection.isNull else {
            throw TableRequestReader.notNull("\(path).projection")
        }
        let throughput = try reader.reader("ProvisionedThroughput", path: "\(path).provisionedThroughput")
            .map { reader throws(DynamoDBError) in try ProvisionedThroughput(reader: reader, path: "\(path).provisionedThroughput") }
        self.init(
            name: name, keySchema: try KeySchema(wire: keySchema, path: "\(path).keySchema"),
            projection: try Projection(wire: projection, path: "\(path).projection"), provisionedThroughput: throughput
        )
    }
}
