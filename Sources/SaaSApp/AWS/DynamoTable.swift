import Core
import SigV4

/// One DynamoDB table as the services use it: records in, records out, every call signed
/// with the credentials the caller chose and counted on the request's ``UsageMeter``.
struct DynamoTable: Sendable {
    let aws: AWSClient
    let name: String

    /// The table's key attribute names: the partition key, then the sort key if it has one;
    /// and each key attribute's type (`S`, `N` or `B`) as its definition gives it.
    struct KeySchema: Sendable, Equatable {
        let partitionKey: String
        let sortKey: String?
        var types: [String: String] = [:]
    }

    func get(_ key: JSONObject, credentials: AWSCredentials, meter: UsageMeter?) async throws(AppError) -> JSONObject? {
        let output = try await call("GetItem", ["Key": DynamoItems.wire(key)], credentials, meter)
        let record = DynamoItems.record(output["Item"])
        meter?.read(items: record == nil ? 0 : 1)
        return record
    }

    /// Writes `record`; `condition` (with `#k` bound to `conditionName`) guards the write.
    func put(_ record: JSONObject, unlessExists conditionName: String? = nil, credentials: AWSCredentials, meter: UsageMeter?) async throws(AppError) {
        var input: JSONObject = ["Item": DynamoItems.wire(record)]
        if let conditionName {
            input["ConditionExpression"] = "attribute_not_exists(#k)"
            input["ExpressionAttributeNames"] = ["#k": .string(conditionName)]
        }
        _ = try await call("PutItem", input, credentials, meter)
        meter?.wrote(items: 1)
    }

    /// Writes `record` unless an item with its key exists; false if one did.
    func putIfAbsent(_ record: JSONObject, key: String, credentials: AWSCredentials, meter: UsageMeter?) async throws(AppError) -> Bool {
        do throws(AppError) {
            try await put(record, unlessExists: key, credentials: credentials, meter: meter)
            return true
        } catch where error.code == "ConditionalCheckFailedException" {
            return false
        }
    }

    /// Deletes the item and returns what it held, or nil if there was none.
    @discardableResult
    func delete(_ key: JSONObject, credentials: AWSCredentials, meter: UsageMeter?) async throws(AppError) -> JSONObject? {
        let output = try await call("DeleteItem", ["Key": DynamoItems.wire(key), "ReturnValues": "ALL_OLD"], credentials, meter)
        let old = DynamoItems.record(output["Attributes"])
        meter?.wrote(items: old == nil ? 0 : 1)
        return old
    }

    /// Every item whose `attribute` (the partition key of the table or of `index`) equals
    /// `value`, following pages to the end.
    func query(_ attribute: String, equals value: String, index: String? = nil, credentials: AWSCredentials, meter: UsageMeter?) async throws(AppError) -> [JSONObject] {
        var input: JSONObject = [
            "KeyConditionExpression": "#k = :v",
            "ExpressionAttributeNames": ["#k": .string(attribute)],
            "ExpressionAttributeValues": [":v": ["S": .string(value)]],
        ]
        if let index { input["IndexName"] = .string(index) }
        return try await pages("Query", input, credentials, meter)
    }

    /// Every item in the table, following pages to the end.
    func scan(credentials: AWSCredentials, meter: UsageMeter?) async throws(AppError) -> [JSONObject] {
        try await pages("Scan", [:], credentials, meter)
    }

    func describeKeySchema(credentials: AWSCredentials) async throws(AppError) -> KeySchema {
        let output = try await call("DescribeTable", [:], credentials, nil)
        let elements = output["Table"]?["KeySchema"]?.arrayValue ?? []
        let hash = elements.first { $0["KeyType"]?.stringValue == "HASH" }?["AttributeName"]?.stringValue
        let range = elements.first { $0["KeyType"]?.stringValue == "RANGE" }?["AttributeName"]?.stringValue
        guard let hash else { throw AppError.platformUnavailable("DescribeTable on \(name) returned no partition key") }
        var types: [String: String] = [:]
        for definition in output["Table"]?["AttributeDefinitions"]?.arrayValue ?? [] {
            guard let attribute = definition["AttributeName"]?.stringValue, attribute == hash || attribute == range else { continue }
            types[attribute] = definition["AttributeType"]?.stringValue
        }
        return KeySchema(partitionKey: hash, sortKey: range, types: types)
    }

    private func pages(_ operation: String, _ base: JSONObject, _ credentials: AWSCredentials, _ meter: UsageMeter?) async throws(AppError) -> [JSONObject] {
        var records: [JSONObject] = []
        var input = base
        while true {
            let output = try await call(operation, input, credentials, meter)
            let items = output["Items"]?.arrayValue ?? []
            records.append(contentsOf: items.compactMap { DynamoItems.record($0) })
            meter?.read(items: items.count)
            guard let last = output["LastEvaluatedKey"], last.objectValue?.isEmpty == false else { return records }
            input["ExclusiveStartKey"] = last
        }
    }

    private func call(_ operation: String, _ input: JSONObject, _ credentials: AWSCredentials, _ meter: UsageMeter?) async throws(AppError) -> JSONObject {
        var input = input
        input["TableName"] = .string(name)
        if meter != nil, operation != "DescribeTable" { input["ReturnConsumedCapacity"] = "TOTAL" }
        let output = try await aws.call(.dynamoDB, operation, input, credentials: credentials)
        if let units = output["ConsumedCapacity"]?["CapacityUnits"]?.doubleValue { meter?.consumed(units: units) }
        return output
    }
}
