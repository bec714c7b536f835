import Core

/// TagResource, UntagResource and ListTagsOfResource on table ARNs, with AWS's limits: at
/// most 50 tags a table, keys of 1 to 128 characters and values of up to 256, and keys
/// starting `aws:` reserved. Authorised on the table's ARN.
extension DynamoDBEngine {
    static let maximumTags = 50

    func tagResource(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "TagResourceInput")
        let (arn, name) = try resourceTable(request)
        guard let wire = try request.array("Tags") else { throw TableRequestReader.notNull("tags") }
        var tags: [(key: String, value: String)] = []
        for (position, element) in wire.enumerated() {
            let member = try OperationRequest(element, input: "Tag", path: "tags.\(position + 1).member")
            guard let key = try member.string("Key") else { throw TableRequestReader.notNull(member.memberPath("key")) }
            guard let value = try member.string("Value") else { throw TableRequestReader.notNull(member.memberPath("value")) }
            try Self.checkTagKey(key, at: member.memberPath("key"))
            if value.count > 256 {
                throw TableRequestReader.constraint("'\(value)'", at: member.memberPath("value"), "Member must have length less than or equal to 256")
            }
            tags.append((key, value))
        }
        let table = existingTable(name)
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:TagResource", resource: arn))
        try found(table, arn: arn).state.withLock { (state: inout TableState) throws(DynamoDBError) in
            var merged = state.tags
            for tag in tags { merged[tag.key] = tag.value }
            guard merged.count <= Self.maximumTags else {
                throw .validation("One or more parameter values were invalid: The number of tags on the resource would exceed the maximum of \(Self.maximumTags)")
            }
            state.tags = merged
        }
        return .object([:])
    }

    func untagResource(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "UntagResourceInput")
        let (arn, name) = try resourceTable(request)
        guard let wire = try request.array("TagKeys") else { throw TableRequestReader.notNull("tagKeys") }
        var keys: [String] = []
        for (position, element) in wire.enumerated() {
            guard case .string(let key) = element else { throw TableRequestReader.mismatch(element, expected: "a String", member: "tagKeys.\(position + 1).member") }
            try Self.checkTagKey(key, at: "tagKeys.\(position + 1).member")
            keys.append(key)
        }
        let table = existingTable(name)
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:UntagResource", resource: arn))
        try found(table, arn: arn).state.withLock { state in
            for key in keys { state.tags[key] = nil }
        }
        return .object([:])
    }

    func listTagsOfResource(_ input: JSON, _ authorizer: any DynamoDBAuthorizer) throws(DynamoDBError) -> JSON {
        let request = try OperationRequest(input, input: "ListTagsOfResourceInput")
        let (arn, name) = try resourceTable(request)
        _ = try request.string("NextToken")
        let table = existingTable(name)
        try authorizer.authorize(DynamoDBAccess(action: "dynamodb:ListTagsOfResource", resource: arn))
        let tags = try found(table, arn: arn).state.withLock { $0.tags }
        // At most 50 tags: one page holds them all.
        return ["Tags": .array(tags.keys.sorted().map { ["Key": .string($0), "Value": .string(tags[$0] ?? "")] })]
    }

    /// `ResourceArn`: one of this account's table ARNs in this region; returns it and the
    /// table's name.
    private func resourceTable(_ request: OperationRequest) throws(DynamoDBError) -> (String, String) {
        guard let arn = try request.string("ResourceArn") else { throw TableRequestReader.notNull("resourceArn") }
        let prefix = catalog.tableARN("")
        guard arn.hasPrefix(prefix) else { throw .validation("Invalid TableArn: Invalid ResourceArn provided as input \(arn)") }
        let name = String(arn.dropFirst(prefix.count))
        do {
            try TableName.check(name, member: "resourceArn")
        } catch {
            throw .validation("Invalid TableArn: Invalid ResourceArn provided as input \(arn)")
        }
        return (arn, name)
    }

    private func found(_ table: Table?, arn: String) throws(DynamoDBError) -> Table {
        guard let table else { throw .resourceNotFound("Requested resource not found: ResourcArn: \(arn) not found") }
        return table
    }

    private static func checkTagKey(_ key: String, at path: String) throws(DynamoDBError) {
        if key.isEmpty { throw TableRequestReader.constraint("''", at: path, "Member must have length greater than or equal to 1") }
        if key.count > 128 { throw TableRequestReader.constraint("'\(key)'", at: path, "Member must have length less than or equal to 128") }
        if key.lowercased().hasPrefix("aws:") {
            throw .validation("One or more parameter values were invalid: Tag keys starting with 'aws:' are reserved for system use")
        }
    }
}
