import Core
@testable import DynamoDB
import Synchronization
import Testing

/// Shared builders for the operation tests: an engine, requests written as JSON text, and
/// authorisers that record or refuse.
enum OperationFixture {
    static let arn = "arn:aws:dynamodb:us-east-1:123456789012:table"

    static func engine() -> DynamoDBEngine {
        DynamoDBEngine(catalog: TableFixture.catalog())
    }

    static func json(_ text: String) -> JSON {
        do {
            return try JSON.parse(text)
        } catch {
            fatalError("test JSON does not parse: \(error)\n\(text)")
        }
    }

    /// Runs `operation` with a request written as JSON text, allowing everything.
    @discardableResult
    static func run(_ engine: DynamoDBEngine, _ operation: String, _ request: String,
                    authorizer: any DynamoDBAuthorizer = AllowAllDynamoDBAccess()) throws -> JSON {
        try engine.handle(operation, input: json(request), authorizer: authorizer)
    }

    /// The error the operation fails with (nil when it succeeds).
    static func error(_ engine: DynamoDBEngine, _ operation: String, _ request: String,
                      authorizer: any DynamoDBAuthorizer = AllowAllDynamoDBAccess()) -> DynamoDBError? {
        TableFixture.error { try run(engine, operation, request, authorizer: authorizer) }
    }

    /// The message of the ValidationException the operation fails with, or the error's code
    /// and message when it fails otherwise.
    static func validation(_ engine: DynamoDBEngine, _ operation: String, _ request: String) -> String? {
        guard let error = error(engine, operation, request) else { return nil }
        return error.code == "ValidationException" ? error.message : "\(error.code): \(error.message)"
    }

    /// `items`, keyed `pk` (S) and `sk` (S), or `pk` alone when `sorted` is false.
    static func createTable(_ engine: DynamoDBEngine, name: String = "items", sorted: Bool = true, extra: String = "") throws {
        let keySchema = sorted
            ? #"[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]"#
            : #"[{"AttributeName":"pk","KeyType":"HASH"}]"#
        let definitions = sorted
            ? #"{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}"#
            : #"{"AttributeName":"pk","AttributeType":"S"}"#
        try run(engine, "CreateTable", """
        {"TableName":"\(name)","KeySchema":\(keySchema),"AttributeDefinitions":[\(definitions)\(extra.isEmpty ? "" : ",")\(extra)],
         "BillingMode":"PAY_PER_REQUEST"}
        """)
    }

    /// Puts `{"pk": pk, "sk": sk, ...attributes}` (attributes as wire JSON members).
    static func put(_ engine: DynamoDBEngine, table: String = "items", pk: String, sk: String? = nil, _ attributes: String = "") throws {
        var members = [#""pk":{"S":"\#(pk)"}"#]
        if let sk { members.append(#""sk":{"S":"\#(sk)"}"#) }
        if !attributes.isEmpty { members.append(attributes) }
        try run(engine, "PutItem", #"{"TableName":"\#(table)","Item":{\#(members.joined(separator: ","))}}"#)
    }

    /// The stored item at a key, read straight from the table.
    static func stored(_ engine: DynamoDBEngine, table: String = "items", pk: String, sk: String? = nil) throws -> Item? {
        var key: Item = ["pk": .s(pk)]
        if let sk { key["sk"] = .s(sk) }
        return try engine.catalog.table(named: table).get(key: key)
    }

    /// The `Items` of a Query or Scan response, as items.
    static func items(_ response: JSON) throws -> [Item] {
        try (response["Items"]?.arrayValue ?? []).map { try Item(wire: $0, member: "Items") }
    }
}

/// Records every access and allows it.
final class RecordingAuthorizer: DynamoDBAuthorizer {
    private let log = Mutex<[DynamoDBAccess]>([])

    func authorize(_ access: DynamoDBAccess) throws(DynamoDBError) {
        log.withLock { $0.append(access) }
    }

    var accesses: [DynamoDBAccess] { log.withLock { $0 } }
}

/// A tenant's policy in miniature: refuses any access naming a partition key other than
/// `tenant`, and any access to a table not in `tables`.
struct TenantAuthorizer: DynamoDBAuthorizer {
    let tenant: String
    var tables: Set<String> = ["items"]

    func authorize(_ access: DynamoDBAccess) throws(DynamoDBError) {
        let table = access.resource.split(separator: "/").dropFirst().first.map(String.init) ?? ""
        let foreignKey = access.leadingKeys?.contains { $0 != tenant } ?? false
        if foreignKey || !tables.contains(table) {
            throw .accessDenied("User: tenant-\(tenant) is not authorized to perform: \(access.action) on resource: \(access.resource)")
        }
    }
}

@Suite struct OperationFixtureTests {
    @Test func tenantAuthorizerRefusesForeignKeysAndTables() {
        let tenant = TenantAuthorizer(tenant: "t1")
        #expect(throws: Never.self) {
            try tenant.authorize(DynamoDBAccess(action: "dynamodb:Query", resource: "\(OperationFixture.arn)/items", leadingKeys: ["t1"]))
        }
        #expect(throws: DynamoDBError.self) {
            try tenant.authorize(DynamoDBAccess(action: "dynamodb:Query", resource: "\(OperationFixture.arn)/items", leadingKeys: ["t1", "t2"]))
        }
        #expect(throws: DynamoDBError.self) {
            try tenant.authorize(DynamoDBAccess(action: "dynamodb:Query", resource: "\(OperationFixture.arn)/other", leadingKeys: ["t1"]))
        }
    }
}
