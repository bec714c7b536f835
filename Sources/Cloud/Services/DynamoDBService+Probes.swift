import Core
import DynamoDB

/// The access probe's DynamoDB requests: on every table of the account, each item operation
/// on every other tenant's partition (and, on shared tables, on the tenant's own too), each
/// index queried and scanned, each table-level operation on the table as a whole, and the
/// account's table list. On the tables partitioned by tenant, the item operations on the
/// tenant's own partition are probed as well, as what the app may need.
extension DynamoDBService {
    public func accessProbes(for scope: AccessProbeScope) -> [AccessProbeCall] {
        var calls: [AccessProbeCall] = [AccessProbeCall("ListTables", [:], reach: .beyond, target: "the account's table list", action: "dynamodb:ListTables")]
        for table in tables() {
            let definition = table.definition
            let name = definition.name.value
            let isTenantTable = scope.tenantTables.contains(name)
            let whole = "the whole of \(isTenantTable ? "" : "shared table ")\(name)"
            let tableName: JSON = ["TableName": .string(name)]
            let arn: JSON = ["ResourceArn": .string(table.arn)]
            let tableArn = table.arn
            let tableOperations: [(operation: String, input: @Sendable () -> JSON)] = [
                ("DescribeTable", { tableName }),
                ("DeleteTable", { tableName }),
                ("UpdateTable", { ["TableName": .string(name), "BillingMode": "PAY_PER_REQUEST"] }),
                ("CreateTable", { Self.createTableInput(definition) }),
                ("Scan", { tableName }),
                ("DescribeTimeToLive", { tableName }),
                ("UpdateTimeToLive", { ["TableName": .string(name), "TimeToLiveSpecification": ["Enabled": true, "AttributeName": "saaslab_probe"]] }),
                ("ListTagsOfResource", { arn }),
                ("TagResource", { ["ResourceArn": .string(tableArn), "Tags": [["Key": "saaslab_probe", "Value": "probe"]]] }),
                ("UntagResource", { ["ResourceArn": .string(tableArn), "TagKeys": ["saaslab_probe"]] }),
            ]
            calls += tableOperations.map { AccessProbeCall($0.operation, $0.input(), reach: .beyond, target: whole, action: "dynamodb:\($0.operation)") }
            // A PartiQL SELECT with no partition-key equality is a scan: no LeadingKeys.
            calls.append(AccessProbeCall(
                "ExecuteStatement", ["Statement": .string("SELECT * FROM \(Self.quoted(name))")], reach: .beyond, target: whole, action: "dynamodb:PartiQLSelect"
            ))
            for (index, _) in definition.secondaryIndexes {
                calls.append(AccessProbeCall(
                    "Scan", ["TableName": .string(name), "IndexName": .string(index.name)], reach: .beyond,
                    target: "the whole of index \(index.name) of \(name)", action: "dynamodb:Scan"
                ))
            }
            var partitions: [(value: String, reach: AccessProbeCall.Reach, target: String, other: String?)] = scope.namedOthers.compactMap { other in
                other.holdings.partitionKey.map { ($0, .beyond, "\(other.name)'s partition of \(isTenantTable ? "" : "shared table ")\(name)", $0) }
            }
            if let own = scope.own.partitionKey {
                partitions.append(
                    isTenantTable ? (own, .own, "the own partition of \(name)", nil) : (own, .beyond, "the tenant's partition of shared table \(name)", nil)
                )
            }
            // A batch naming the own partition and another: a condition that is satisfied by any
            // one of the keys (StringEquals without ForAllValues) lets it through. The other
            // tenant's key comes first: a transaction asks once per item, and the dry run
            // records the first question only.
            if let own = scope.own.partitionKey {
                for other in scope.namedOthers {
                    guard let value = other.holdings.partitionKey else { continue }
                    calls += Self.batchProbes(definition, partitions: [value, own]).map {
                        AccessProbeCall(
                            $0.operation, $0.input(), reach: .beyond,
                            target: "a batch across the tenant's and \(other.name)'s partitions of \(name)", otherPartition: value, action: $0.action
                        )
                    }
                }
            }
            for partition in partitions {
                calls += Self.itemProbes(definition, partition: partition.value).map {
                    AccessProbeCall($0.operation, $0.input(), reach: partition.reach, target: partition.target, otherPartition: partition.other, action: $0.action)
                }
                for (index, _) in definition.secondaryIndexes {
                    guard let query = Self.query(definition, partition: partition.value, index: index) else { continue }
                    calls.append(AccessProbeCall(
                        "Query", query, reach: partition.reach, target: "\(partition.target), index \(index.name)", otherPartition: partition.other,
                        action: "dynamodb:Query"
                    ))
                }
            }
        }
        return calls
    }

    /// Every table of the account, in name order.
    private func tables() -> [Table] {
        var tables: [Table] = []
        var start: String?
        while let page = try? engine.catalog.listTables(exclusiveStartTableName: start, limit: 100) {
            tables += page.tableNames.compactMap { try? engine.catalog.table(named: $0) }
            guard let last = page.lastEvaluatedTableName else { break }
            start = last
        }
        return tables
    }

    /// A probed request: the operation, its input (made only if the request is run), and the
    /// action the engine asks first.
    typealias Probe = (operation: String, input: @Sendable () -> JSON, action: String)

    /// Each item operation on one partition: reads, writes, batches and every kind of
    /// transaction item. A transaction asks for each item's own action.
    static func itemProbes(_ definition: TableDefinition, partition: String) -> [Probe] {
        let table = JSON.string(definition.name.value)
        let key = self.key(definition, partition: partition)
        let update: JSONObject = [
            "UpdateExpression": "SET #saaslab_probe = :saaslab_probe",
            "ExpressionAttributeNames": ["#saaslab_probe": "saaslab_probe"],
            "ExpressionAttributeValues": [":saaslab_probe": ["S": "probe"]],
        ]
        let keyCondition: JSONObject = [
            "ConditionExpression": "attribute_exists(#saaslab_key)",
            "ExpressionAttributeNames": ["#saaslab_key": .string(definition.keySchema.partitionKey)],
        ]
        let name = definition.name.value
        var probes: [Probe] = [
            ("GetItem", { ["TableName": table, "Key": key] }, "dynamodb:GetItem"),
            ("PutItem", { ["TableName": table, "Item": key] }, "dynamodb:PutItem"),
            ("UpdateItem", { merged(["TableName": table, "Key": key], update) }, "dynamodb:UpdateItem"),
            ("DeleteItem", { ["TableName": table, "Key": key] }, "dynamodb:DeleteItem"),
            ("BatchGetItem", { ["RequestItems": .object([name: ["Keys": [key]]])] }, "dynamodb:BatchGetItem"),
            ("BatchWriteItem", { ["RequestItems": .object([name: [["PutRequest": ["Item": key]]]])] }, "dynamodb:BatchWriteItem"),
            ("BatchWriteItem", { ["RequestItems": .object([name: [["DeleteRequest": ["Key": key]]]])] }, "dynamodb:BatchWriteItem"),
            ("TransactGetItems", { ["TransactItems": [["Get": ["TableName": table, "Key": key]]]] }, "dynamodb:GetItem"),
            ("TransactWriteItems", { ["TransactItems": [["Put": ["TableName": table, "Item": key]]]] }, "dynamodb:PutItem"),
            ("TransactWriteItems", { ["TransactItems": [["Update": merged(["TableName": table, "Key": key], update)]]] }, "dynamodb:UpdateItem"),
            ("TransactWriteItems", { ["TransactItems": [["Delete": ["TableName": table, "Key": key]]]] }, "dynamodb:DeleteItem"),
            ("TransactWriteItems", { ["TransactItems": [["ConditionCheck": merged(["TableName": table, "Key": key], keyCondition)]]] }, "dynamodb:ConditionCheckItem"),
        ]
        if let query = query(definition, partition: partition, index: nil) { probes.append(("Query", { query }, "dynamodb:Query")) }
        return probes + partiQLProbes(definition, partition: partition)
    }

    /// `base` with `extra`'s members added.
    private static func merged(_ base: JSONObject, _ extra: JSONObject) -> JSON {
        var merged = base
        for (name, value) in extra { merged[name] = value }
        return .object(merged)
    }

    /// PartiQL on one partition: a SELECT of the partition, and an INSERT, UPDATE and DELETE
    /// of the probe item, alone, in a batch and in a transaction; the key goes as parameters.
    static func partiQLProbes(_ definition: TableDefinition, partition: String) -> [Probe] {
        let schema = definition.keySchema
        let table = quoted(definition.name.value)
        let keyNames = schema.attributeNames
        let keyValues = keyNames.map { name in
            name == schema.partitionKey ? value(partition, definition.type(of: name) ?? .s) : value("saaslab-probe", definition.type(of: name) ?? .s)
        }
        let keyWhere = keyNames.map { "\(quoted($0)) = ?" }.joined(separator: " AND ")
        let tuple = keyNames.map { "\(quoted($0, by: "'")): ?" }.joined(separator: ", ")
        let statements: [(text: String, parameters: [JSON], action: String)] = [
            ("SELECT * FROM \(table) WHERE \(quoted(schema.partitionKey)) = ?", [keyValues[0]], "dynamodb:PartiQLSelect"),
            ("INSERT INTO \(table) VALUE {\(tuple)}", keyValues, "dynamodb:PartiQLInsert"),
            ("UPDATE \(table) SET \"saaslab_probe\" = 'probe' WHERE \(keyWhere)", keyValues, "dynamodb:PartiQLUpdate"),
            ("DELETE FROM \(table) WHERE \(keyWhere)", keyValues, "dynamodb:PartiQLDelete"),
        ]
        var probes: [Probe] = []
        for statement in statements {
            let one: JSON = ["Statement": .string(statement.text), "Parameters": .array(statement.parameters)]
            probes.append(("ExecuteStatement", { one }, statement.action))
            if statement.text.hasPrefix("SELECT") { continue }
            probes.append(("BatchExecuteStatement", { ["Statements": [one]] }, statement.action))
            probes.append(("ExecuteTransaction", { ["TransactStatements": [one]] }, statement.action))
        }
        let fullKey: JSON = ["Statement": .string("SELECT * FROM \(table) WHERE \(keyWhere)"), "Parameters": .array(keyValues)]
        probes.append(("BatchExecuteStatement", { ["Statements": [fullKey]] }, "dynamodb:PartiQLSelect"))
        probes.append(("ExecuteTransaction", { ["TransactStatements": [fullKey]] }, "dynamodb:PartiQLSelect"))
        return probes
    }

    /// A name as a PartiQL `"quoted"` identifier (or, with `'`, a string), its quotes doubled.
    static func quoted(_ name: String, by quote: Character = "\"") -> String {
        var text = String(quote)
        for character in name {
            if character == quote { text.append(quote) }
            text.append(character)
        }
        text.append(quote)
        return text
    }

    /// The batch and transaction reads and writes naming every one of `partitions` at once.
    static func batchProbes(_ definition: TableDefinition, partitions: [String]) -> [Probe] {
        let table = JSON.string(definition.name.value)
        let keys = partitions.map { key(definition, partition: $0) }
        let name = definition.name.value
        return [
            ("BatchGetItem", { ["RequestItems": .object([name: ["Keys": .array(keys)]])] }, "dynamodb:BatchGetItem"),
            ("BatchWriteItem", { ["RequestItems": .object([name: .array(keys.map { ["PutRequest": ["Item": $0]] })])] }, "dynamodb:BatchWriteItem"),
            ("TransactGetItems", { ["TransactItems": .array(keys.map { ["Get": ["TableName": table, "Key": $0]] })] }, "dynamodb:GetItem"),
            ("TransactWriteItems", { ["TransactItems": .array(keys.map { ["Put": ["TableName": table, "Item": $0]] })] }, "dynamodb:PutItem"),
        ]
    }

    /// A Query of one partition of the table, or of an index whose partition key is a
    /// string (the only kind a tenant id can be compared with).
    static func query(_ definition: TableDefinition, partition: String, index: SecondaryIndexDefinition?) -> JSON? {
        let partitionKey = index?.keySchema.partitionKey ?? definition.keySchema.partitionKey
        guard let type = definition.type(of: partitionKey) else { return nil }
        var input: JSONObject = [
            "TableName": .string(definition.name.value),
            "KeyConditionExpression": "#saaslab_key = :saaslab_key",
            "ExpressionAttributeNames": ["#saaslab_key": .string(partitionKey)],
            "ExpressionAttributeValues": [":saaslab_key": value(partition, type)],
        ]
        if let index { input["IndexName"] = .string(index.name) }
        return .object(input)
    }

    /// The table's key with `partition` as its partition key and a probe value as its sort key.
    static func key(_ definition: TableDefinition, partition: String) -> JSON {
        var key: JSONObject = [:]
        let schema = definition.keySchema
        key[schema.partitionKey] = value(partition, definition.type(of: schema.partitionKey) ?? .s)
        if let sortKey = schema.sortKey {
            key[sortKey] = value("saaslab-probe", definition.type(of: sortKey) ?? .s)
        }
        return .object(key)
    }

    /// `text` as an attribute value of `type`: a number table gets a number derived from the
    /// text (FNV-1a, so each partition's differs and a batch naming two partitions names two
    /// items, which DynamoDB requires before it asks IAM), a binary table the text's bytes.
    static func value(_ text: String, _ type: ScalarAttributeType) -> JSON {
        switch type {
        case .s: ["S": .string(text)]
        case .n: ["N": .string(String(text.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }))]
        case .b: ["B": .string(Base64.encode(Array(text.utf8)))]
        }
    }

    /// CreateTable of a table just like `definition`'s (its keys only).
    static func createTableInput(_ definition: TableDefinition) -> JSON {
        let keys = definition.keySchema.attributeNames
        return [
            "TableName": .string(definition.name.value),
            "KeySchema": definition.keySchema.wire,
            "AttributeDefinitions": .array(definition.attributeDefinitions.filter { keys.contains($0.name) }.map(\.wire)),
            "BillingMode": "PAY_PER_REQUEST",
        ]
    }
}
