import Core
import HTTP
import SigV4
import Synchronization

/// The product and order managers: one tenant's items in a table, with the behaviour the
/// service's settings choose (where the tenant id comes from, whose credentials sign the
/// calls, an injected tenant id).
///
/// The service adapts to the table's key schema, read from `DescribeTable`: keyed by the
/// item id alone, it behaves single-tenant (listing scans the whole table, equal ids
/// overwrite each other); keyed by a partition key of any name (`tenant_id`, `tenantId`, ...)
/// holding the tenant id, plus the item id as sort key, each tenant's items stay apart. Any
/// other layout is refused with a message naming the two that work. The
/// partitioned schema is cached and read again when the table answers that it is gone or keyed
/// differently, so a participant can recreate the table while the app runs; a single-key
/// schema is read again on every request, because a Scan or a put succeeds on a recreated
/// table and so would never reveal the change.
struct TenantDataService: Sendable {
    let app: AppServices
    let table: DynamoTable
    let service: ServiceRoles.Service
    /// `product` or `order`: the path's singular.
    let noun: String
    /// `product_id` or `order_id`.
    let idField: String
    /// Fields that must be numbers when present.
    let numericFields: Set<String>
    /// This service's remembered key schema; the app owns the caches, so a copy carries them.
    var schema: SchemaCache { app.schemas[service] }

    /// Logged and metered under the noun: `product`, `order`.
    var routes: AppRoutes {
        var routes = AppRoutes(service: noun)
        routes.add("GET", "/\(noun)/health", .anyone) { _, _ in Health.response("\(noun.capitalized) Manager") }
        routes.add("GET", "/\(noun)s", .signedIn, orProxied { request, call in try await list(request, call) })
        routes.add("GET", "/\(noun)/:id", .signedIn, orProxied { request, call in try await get(request, call) })
        routes.add("POST", "/\(noun)", .signedIn, orProxied { request, call in try await write(request, call, creating: true) })
        routes.add("PUT", "/\(noun)", .signedIn, orProxied { request, call in try await write(request, call, creating: false) })
        routes.add("DELETE", "/\(noun)/:id", .signedIn, orProxied { request, call in try await delete(request, call) })
        return routes
    }

    /// `builtIn`, unless the service's settings name a process of its own (the code track):
    /// then the gateway proxies the request there, the caller already verified. The settings
    /// are read once per request, so the built-in service works with the same ones.
    private func orProxied(_ builtIn: @escaping @Sendable (HTTPRequest, Admitted) async throws -> HTTPResponse) -> AppRoutes.SignedInHandler {
        { [app, service, noun] request, context, claims in
            let settings = app.settings.service(service.rawValue)
            guard let url = settings.serviceURL else {
                return try await builtIn(request, Admitted(context: context, claims: claims, settings: settings))
            }
            return try await app.proxy.forward(request, claims: claims, injectTenantId: settings.injectTenantId, to: url, service: noun)
        }
    }

    /// What the gateway and the settings give a built-in handler.
    private struct Admitted: Sendable {
        let context: RequestContext
        let claims: VerifiedClaims
        let settings: ServiceSettings
    }

    /// What one request works with: settings, tenant id, credentials.
    private struct Call {
        let settings: ServiceSettings
        let tenantId: String
        let credentials: AWSCredentials
        let meter: UsageMeter?
    }

    private func call(_ request: HTTPRequest, _ given: Admitted, body: RequestBody?) async throws(AppError) -> Call {
        let (claims, settings) = (given.claims, given.settings)
        var tenantId: String
        switch settings.tenantContext {
        case .token:
            tenantId = claims.tenantId
        case .request:
            guard let named = try body?.optionalString("tenant_id") ?? request.query("tenant_id"), !named.isEmpty else {
                throw AppError.badRequest(
                    "the \(noun) service takes the tenant id from the request (tenantContext \"request\"): send tenant_id in the body or as ?tenant_id="
                )
            }
            tenantId = named
        }
        if let injected = settings.injectTenantId { tenantId = injected }
        let credentials = try await app.dataCredentials(service, settings: settings, claims: claims)
        return Call(settings: settings, tenantId: tenantId, credentials: credentials, meter: given.context.meter)
    }

    private func list(_ request: HTTPRequest, _ given: Admitted) async throws -> HTTPResponse {
        let call = try await call(request, given, body: nil)
        let items = try await withSchema(call) { schema throws(AppError) in
            if schema.sortKey == nil {
                return try await table.scan(credentials: call.credentials, meter: call.meter)
            }
            return try await table.query(schema.partitionKey, equals: call.tenantId, credentials: call.credentials, meter: call.meter)
        }
        return HTTPResponse.json(.array(items.map(JSON.object)))
    }

    private func get(_ request: HTTPRequest, _ given: Admitted) async throws -> HTTPResponse {
        let id = try given.context.pathParameter("id")
        let call = try await call(request, given, body: nil)
        let item = try await withSchema(call) { schema throws(AppError) in
            try await table.get(key(schema, tenantId: call.tenantId, id: id), credentials: call.credentials, meter: call.meter)
        }
        guard let item else { throw AppError.notFound("no \(noun) '\(id)'") }
        return HTTPResponse.json(.object(item))
    }

    private func write(_ request: HTTPRequest, _ given: Admitted, creating: Bool) async throws -> HTTPResponse {
        let body = try RequestBody(request)
        let call = try await call(request, given, body: body)
        let id: String
        if let given = try body.optionalString(idField) {
            id = given
        } else if creating {
            id = UUIDv4.make(using: app.config.random)
        } else {
            throw AppError.badRequest("PUT /\(noun) needs \"\(idField)\": the \(noun) to change")
        }
        for field in numericFields where body.fields[field] != nil && body.fields[field]?.numberValue == nil && body.fields[field]?.isNull == false {
            throw AppError.badRequest("\"\(field)\" must be a number")
        }
        let record = try await withSchema(call) { schema throws(AppError) in
            var record = body.fields
            // Every item names its tenant in tenant_id, whatever the table's partition key is
            // called: what readers of the items (the web client, the labs) look for. A
            // partition key of another name holds the tenant id too (see key(_:tenantId:id:)).
            record["tenant_id"] = .string(call.tenantId)
            record[idField] = .string(id)
            for (name, value) in key(schema, tenantId: call.tenantId, id: id) { record[name] = value }
            try await table.put(record, credentials: call.credentials, meter: call.meter)
            return record
        }
        return HTTPResponse.json(.object(record), status: creating ? .created : .ok)
    }

    private func delete(_ request: HTTPRequest, _ given: Admitted) async throws -> HTTPResponse {
        let id = try given.context.pathParameter("id")
        let call = try await call(request, given, body: nil)
        let old = try await withSchema(call) { schema throws(AppError) in
            try await table.delete(key(schema, tenantId: call.tenantId, id: id), credentials: call.credentials, meter: call.meter)
        }
        guard let old else { throw AppError.notFound("no \(noun) '\(id)'") }
        return HTTPResponse.json(.object(old))
    }

    private func key(_ schema: DynamoTable.KeySchema, tenantId: String, id: String) -> JSONObject {
        guard let sortKey = schema.sortKey else { return [schema.partitionKey: .string(id)] }
        return [schema.partitionKey: .string(tenantId), sortKey: .string(id)]
    }

    /// Runs `body` with the table's key schema, reading the schema again (and retrying once)
    /// if the table says it has changed.
    private func withSchema<T>(_ call: Call, _ body: (DynamoTable.KeySchema) async throws(AppError) -> T) async throws(AppError) -> T {
        if schema.value?.sortKey == nil { schema.value = nil }
        let cached = schema.value
        let current: DynamoTable.KeySchema
        if let cached { current = cached } else { current = try await describe() }
        do throws(AppError) {
            return try await body(current)
        } catch where cached != nil && (error.code == "ValidationException" || error.code == "ResourceNotFoundException") {
            schema.value = nil
            let fresh = try await describe()
            guard fresh != current else { throw error }
            return try await body(fresh)
        }
    }

    private func describe() async throws(AppError) -> DynamoTable.KeySchema {
        do throws(AppError) {
            let described = try await table.describeKeySchema(credentials: try await app.roles.credentials(service))
            if let refusal = refusal(of: described) { throw refusal }
            schema.value = described
            return described
        } catch where error.code == "ResourceNotFoundException" {
            throw AppError(
                status: .notFound, code: error.code,
                message: "the \(noun) service uses the table named \(table.name), which does not exist yet; create it (CreateTable with \"TableName\": \"\(table.name)\") before using the \(noun) service"
            )
        }
    }
}

extension TenantDataService {
    /// Why the service cannot work with a table keyed as `schema`, or nil when it can: the item
    /// id alone (one tenant), or a partition key of any name holding the tenant id with the item
    /// id as sort key; and every key attribute a string, as the ids the service writes are.
    func refusal(of schema: DynamoTable.KeySchema) -> AppError? {
        let layout = schema.sortKey.map { "\(schema.partitionKey) (partition) + \($0) (sort)" } ?? "\(schema.partitionKey) alone"
        let works = "the \(noun) service works with \(idField) alone (one tenant) or with a partition key of any name, which holds "
            + "the tenant id (tenant_id, say), and \(idField) as sort key. Recreate the table in one of those layouts."
        guard schema.sortKey == nil ? schema.partitionKey == idField : schema.sortKey == idField else {
            return AppError(status: .badRequest, code: "UnsupportedKeySchema", message: "\(table.name) is keyed by \(layout); " + works)
        }
        let keys = [schema.partitionKey] + (schema.sortKey.map { [$0] } ?? [])
        if let key = keys.first(where: { schema.types[$0].map { $0 != "S" } ?? false }), let type = schema.types[key] {
            let holds = key == idField ? "the \(noun)'s id" : "the tenant id"
            return AppError(
                status: .badRequest, code: "UnsupportedKeySchema",
                message: "\(table.name)'s key attribute \(key) is of type \(type), but it holds \(holds), a string: the \(noun) service "
                    + "needs it defined with \"AttributeType\": \"S\" in AttributeDefinitions. Recreate the table so."
            )
        }
        return nil
    }
}

/// A table's key schema, remembered between requests.
final class SchemaCache: Sendable {
    private let state = Mutex<DynamoTable.KeySchema?>(nil)

    var value: DynamoTable.KeySchema? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

/// The data services' schema caches, one per service.
struct SchemaCaches: Sendable {
    private let caches: [ServiceRoles.Service: SchemaCache] = Dictionary(
        uniqueKeysWithValues: ServiceRoles.Service.allCases.map { ($0, SchemaCache()) }
    )

    subscript(service: ServiceRoles.Service) -> SchemaCache { caches[service]! }

    func copyState(from other: SchemaCaches) {
        for (service, cache) in caches { cache.value = other[service].value }
    }
}
