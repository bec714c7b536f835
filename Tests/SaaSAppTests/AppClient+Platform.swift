import Backend
import Core
import Foundation
import HTTP
import SaaSApp
import SigV4

// MARK: - The platform behind the app, for the SaaS app's endpoint tests
//
// Raw app requests, sign-in and user helpers, and direct platform calls and inspections (Cognito,
// IAM and STS queries, tables, a backend's footprint, tokens' claims), used by the per-concern
// test files (Gateway, Auth, Registration, User, Tenant, Data, Admin, Telemetry).

extension AppClient {
    /// The password every helper sets at first sign-in.
    static let newPassword = "N3w-Passw0rd!"

    /// A raw request: `text` is sent as the body byte for byte (for malformed JSON), and
    /// `authorization` is the whole Authorization header, whatever its scheme.
    func sendRaw(_ method: String, _ path: String, text: String?, authorization: String? = nil) async throws -> Reply {
        var headers: HTTPHeaders = ["Host": "localhost"]
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        if text != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(method: method, target: path, headers: headers, body: text.map { Array($0.utf8) } ?? [])
        let response = await backend.router.respond(to: request)
        let parsed = response.body.isEmpty ? JSON.null : ((try? JSON.parse(bytes: response.body)) ?? .string(response.bodyText))
        return Reply(status: response.status, body: parsed, response: response)
    }

    /// The `POST /reg` body `registerTenant` sends, for tests that change one field.
    static func registration(_ name: String) -> JSONObject {
        [
            "companyName": .string("\(name) Inc"), "accountName": .string(name), "ownerName": .string("Owner \(name)"), "tier": "Advanced",
            "email": .string("admin@\(name).example"), "userName": .string("admin@\(name).example"), "firstName": "Ada", "lastName": .string(name),
        ]
    }

    func signIn(_ userName: String, _ password: String, newPassword: String? = nil) async throws -> Reply {
        var body: JSONObject = ["userName": .string(userName), "password": .string(password)]
        if let newPassword { body["newPassword"] = .string(newPassword) }
        return try await send("POST", "/auth", .object(body))
    }

    /// Adds a user to the caller's tenant through `POST /user` and signs them in for the first
    /// time; returns their ID token.
    func addUser(_ userName: String, role: String = "TenantUser", pool: String, adminToken: String) async throws -> String {
        let added = try await send("POST", "/user", [
            "userName": .string(userName), "firstName": "Ulla", "lastName": "User", "role": .string(role),
        ], token: adminToken)
        precondition(added.status == 201, "POST /user failed: \(added.body)")
        return try await firstSignIn(pool: pool, userName: userName, newPassword: Self.newPassword)
    }

    // MARK: Platform calls

    func cognito(_ operation: String, _ body: JSON, credentials: AWSCredentials = AppClient.operatorKey) async throws -> Reply {
        try await aws("cognito-idp", "AWSCognitoIdentityProviderService", version: "1.1", operation, body, credentials: credentials)
    }

    func cognitoIdentity(_ operation: String, _ body: JSON) async throws -> Reply {
        try await aws("cognito-identity", "AWSCognitoIdentityService", version: "1.1", operation, body)
    }

    /// An unsigned Cognito call, as an SDK sends InitiateAuth.
    func cognitoUnsigned(_ operation: String, _ body: JSON) async throws -> Reply {
        let request = HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "Host": "localhost", "Content-Type": "application/x-amz-json-1.1",
                "X-Amz-Target": "AWSCognitoIdentityProviderService.\(operation)",
            ],
            text: body.serialized()
        )
        let response = await backend.router.respond(to: request)
        return Reply(status: response.status, body: (try? JSON.parse(bytes: response.body)) ?? .null, response: response)
    }

    /// A Query-protocol call (IAM, STS) signed by the operator; the answer's XML text.
    func query(_ service: String, _ action: String, _ parameters: [(String, String)] = []) async throws -> (status: Int, text: String) {
        let version = service == "sts" ? "2011-06-15" : "2010-05-08"
        let form = URLEncoding.formEncode([(name: "Action", value: action), (name: "Version", value: version)] + parameters.map { (name: $0.0, value: $0.1) })
        var request = HTTPRequest(
            method: "POST", target: "/",
            headers: ["Host": "localhost", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"], text: form
        )
        _ = try SigV4Signer(credentials: Self.operatorKey, region: "us-east-1", service: service).sign(&request, at: clock.now())
        let response = await backend.router.respond(to: request)
        return (response.status, response.bodyText)
    }

    /// Every `<name>` element's text in an XML document, in order.
    static func elements(_ name: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    func roleNames() async throws -> [String] {
        let listed = try await query("iam", "ListRoles", [("MaxItems", "1000")])
        precondition(listed.status == 200, "ListRoles failed: \(listed.text)")
        return Self.elements("RoleName", in: listed.text)
    }

    func userPoolIds() async throws -> [String] {
        let listed = try await cognito("ListUserPools", ["MaxResults": 60])
        precondition(listed.status == 200, "ListUserPools failed: \(listed.body)")
        return (listed["UserPools"]?.arrayValue ?? []).compactMap { $0["Id"]?.stringValue }
    }

    func identityPoolIds() async throws -> [String] {
        let listed = try await cognitoIdentity("ListIdentityPools", ["MaxResults": 60])
        precondition(listed.status == 200, "ListIdentityPools failed: \(listed.body)")
        return (listed["IdentityPools"]?.arrayValue ?? []).compactMap { $0["IdentityPoolId"]?.stringValue }
    }

    /// Every item of one of the app's tables, read with the operator's key.
    func scanTable(_ table: String) async throws -> [JSON] {
        let scanned = try await dynamoDB("Scan", ["TableName": .string(table)])
        precondition(scanned.status == 200, "Scan failed: \(scanned.body)")
        return scanned["Items"]?.arrayValue ?? []
    }

    /// What registration creates, counted, so a failed registration can be shown to leave nothing.
    struct Footprint: Equatable, CustomStringConvertible {
        var userPools: [String]
        var identityPools: [String]
        var roles: [String]
        var tenantRecords: Int
        var userRecords: Int
        var description: String {
            "pools \(userPools.count), identity pools \(identityPools.count), roles \(roles.count), tenants \(tenantRecords), users \(userRecords)"
        }
    }

    func footprint() async throws -> Footprint {
        Footprint(
            userPools: try await userPoolIds().sorted(), identityPools: try await identityPoolIds().sorted(),
            roles: try await roleNames().sorted(), tenantRecords: try await scanTable("TenantBootcamp").count,
            userRecords: try await scanTable("UserBootcamp").count
        )
    }

    /// A user's Cognito attributes by name, from AdminGetUser.
    func cognitoUser(pool: String, userName: String) async throws -> (status: String?, enabled: Bool?, attributes: [String: String]) {
        let got = try await cognito("AdminGetUser", ["UserPoolId": .string(pool), "Username": .string(userName)])
        precondition(got.status == 200, "AdminGetUser failed: \(got.body)")
        var attributes: [String: String] = [:]
        for entry in got["UserAttributes"]?.arrayValue ?? [] {
            if let name = entry["Name"]?.stringValue, let value = entry["Value"]?.stringValue { attributes[name] = value }
        }
        return (got["UserStatus"]?.stringValue, got["Enabled"]?.boolValue, attributes)
    }

    /// A user pool made directly through the AWS API (Lab 1's first step), with the bootcamp's
    /// custom attributes unless `customAttributes` is false, and an app client.
    func createRawUserPool(_ name: String, customAttributes: Bool = true) async throws -> (pool: String, client: String) {
        var schema: [JSON] = [["Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true]]
        if customAttributes {
            for (attribute, mutable) in [("tenant_id", false), ("tier", true), ("company_name", true), ("role", true), ("account_name", true)] {
                schema.append(["Name": .string(attribute), "AttributeDataType": "String", "Mutable": .bool(mutable), "Required": false])
            }
        }
        let created = try await cognito("CreateUserPool", [
            "PoolName": .string(name), "AdminCreateUserConfig": ["AllowAdminCreateUserOnly": true],
            "AutoVerifiedAttributes": ["email"], "Schema": .array(schema),
        ])
        precondition(created.status == 200, "CreateUserPool failed: \(created.body)")
        let pool = created["UserPool"]?["Id"]?.stringValue ?? ""
        let client = try await cognito("CreateUserPoolClient", [
            "UserPoolId": .string(pool), "ClientName": .string("\(name)-client"), "GenerateSecret": false,
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ])
        precondition(client.status == 200, "CreateUserPoolClient failed: \(client.body)")
        return (pool, client["UserPoolClient"]?["ClientId"]?.stringValue ?? "")
    }

    /// Every tenant id, as the system admin's `GET /tenants` lists them.
    func tenantIds(admin: String) async throws -> [String] {
        let listed = try await send("GET", "/tenants", token: admin)
        precondition(listed.status == 200, "GET /tenants failed: \(listed.body)")
        return (listed.body.arrayValue ?? []).compactMap { $0["tenant_id"]?.stringValue }
    }

    // MARK: Tokens

    /// A JWT's payload, decoded without verification.
    static func claims(of token: String) -> JSON {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(String(parts[1])) else { return .null }
        return (try? JSON.parse(bytes: bytes)) ?? .null
    }

    /// The token with its payload re-encoded after `edit`; the signature is left as it was.
    static func tampered(_ token: String, _ edit: ([UInt8]) -> [UInt8]) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let bytes = Base64URL.decode(parts[1]) else { return token }
        return [parts[0], Base64URL.encode(edit(bytes)), parts[2]].joined(separator: ".")
    }

    /// The token with one byte of its decoded payload changed: the last character of the
    /// `custom:tenant_id` value, so the payload stays valid JSON naming another tenant.
    static func flippedTenantByte(_ token: String) -> String {
        tampered(token) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            guard let key = text.range(of: "\"custom:tenant_id\":\""),
                  let end = text[key.upperBound...].firstIndex(of: "\"") else { return bytes }
            var result = bytes
            let offset = text.utf8.distance(from: text.startIndex, to: end) - 1
            result[offset] = result[offset] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            return result
        }
    }
}
