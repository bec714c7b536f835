// App clients: who may call the pool's sign-in flows, which flows, and how long tokens live.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The unit of a token validity (`TokenValidityUnits`).
public enum TokenValidityUnit: String, Sendable, Hashable {
    case seconds, minutes, hours, days

    var seconds: Int {
        switch self {
        case .seconds: 1
        case .minutes: 60
        case .hours: 3600
        case .days: 86_400
        }
    }
}

/// The input of `CreateUserPoolClient`; nil means Cognito's default.
public struct UserPoolClientSettings: Sendable {
    public var clientName: String
    /// A client with a secret must send `SECRET_HASH` with every sign-in.
    public var generateSecret: Bool
    /// `ALLOW_USER_PASSWORD_AUTH`, `ALLOW_ADMIN_USER_PASSWORD_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`,
    /// ... or the legacy `USER_PASSWORD_AUTH`, `ADMIN_NO_SRP_AUTH`, `CUSTOM_AUTH_FLOW_ONLY`.
    public var explicitAuthFlows: [String]?
    public var accessTokenValidity: Int?
    public var idTokenValidity: Int?
    public var refreshTokenValidity: Int?
    public var accessTokenUnit: TokenValidityUnit?
    public var idTokenUnit: TokenValidityUnit?
    public var refreshTokenUnit: TokenValidityUnit?
    /// Attributes the client may read (in ID tokens and `GetUser`) and write (`SignUp`).
    public var readAttributes: [String]?
    public var writeAttributes: [String]?
    /// `ENABLED` (the default): an unknown user signing in gets the same answer as a wrong
    /// password. `LEGACY`: `UserNotFoundException`.
    public var preventUserExistenceErrors: String?

    public init(clientName: String, generateSecret: Bool = false, explicitAuthFlows: [String]? = nil) {
        self.clientName = clientName
        self.generateSecret = generateSecret
        self.explicitAuthFlows = explicitAuthFlows
    }
}

/// An app client as `DescribeUserPoolClient` describes it.
public struct UserPoolClient: Sendable {
    public let userPoolId: String
    /// 26 lower-case alphanumerics.
    public let clientId: String
    public let clientName: String
    public let clientSecret: String?
    public let created: Date
    public let lastModified: Date
    public let explicitAuthFlows: [String]
    public let accessTokenValidity: Int
    public let idTokenValidity: Int
    public let refreshTokenValidity: Int
    public let accessTokenUnit: TokenValidityUnit
    public let idTokenUnit: TokenValidityUnit
    public let refreshTokenUnit: TokenValidityUnit
    public let readAttributes: [String]?
    public let writeAttributes: [String]?
    public let preventUserExistenceErrors: String
    /// Minutes a challenge session stays valid (Cognito's default is 3).
    public let authSessionValidity: Int

    static let legacyFlows: Set<String> = ["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"]
    static let currentFlows: Set<String> = [
        "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH",
    ]
    static let defaultFlows = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH"]

    init(pool: UserPool, clientId: String, secret: String?, settings: UserPoolClientSettings, at date: Date) throws(CognitoError) {
        guard (1...128).contains(settings.clientName.count) else {
            throw .invalidParameter("1 validation error detected: Value '\(settings.clientName)' at 'clientName' failed to satisfy constraint: Member must have length between 1 and 128")
        }
        let flows = settings.explicitAuthFlows ?? Self.defaultFlows
        for flow in flows where !Self.legacyFlows.contains(flow) && !Self.currentFlows.contains(flow) {
            throw .invalidParameter("1 validation error detected: Value '[\(flows.joined(separator: ", "))]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy enum value set: \(Self.currentFlows.union(Self.legacyFlows).sorted())")
        }
        if flows.contains(where: Self.legacyFlows.contains) && flows.contains(where: Self.currentFlows.contains) {
            throw .invalidParameter("ExplicitAuthFlows cannot mix legacy values (ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH_FLOW_ONLY) with ALLOW_ values.")
        }
        for (names, kind) in [(settings.readAttributes, "read"), (settings.writeAttributes, "write")] {
            if let names, names.contains(where: { pool.attribute($0) == nil }) {
                throw .invalidParameter("Invalid \(kind) attributes specified while creating a client")
            }
        }
        let prevent = settings.preventUserExistenceErrors ?? "ENABLED"
        guard prevent == "ENABLED" || prevent == "LEGACY" else {
            throw .invalidParameter("1 validation error detected: Value '\(prevent)' at 'preventUserExistenceErrors' failed to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]")
        }
        userPoolId = pool.id
        self.clientId = clientId
        clientName = settings.clientName
        clientSecret = secret
        created = date
        lastModified = date
        explicitAuthFlows = flows
        // A validity given without a unit is in hours (days for refresh tokens); with
        // neither, access and ID tokens last 60 minutes and refresh tokens 30 days.
        accessTokenUnit = settings.accessTokenUnit ?? (settings.accessTokenValidity == nil ? .minutes : .hours)
        idTokenUnit = settings.idTokenUnit ?? (settings.idTokenValidity == nil ? .minutes : .hours)
        refreshTokenUnit = settings.refreshTokenUnit ?? .days
        accessTokenValidity = settings.accessTokenValidity ?? max(1, 3600 / accessTokenUnit.seconds)
        idTokenValidity = settings.idTokenValidity ?? max(1, 3600 / idTokenUnit.seconds)
        refreshTokenValidity = settings.refreshTokenValidity ?? 30 * 86_400 / refreshTokenUnit.seconds
        readAttributes = settings.readAttributes
        writeAttributes = settings.writeAttributes
        preventUserExistenceErrors = prevent
        authSessionValidity = 3
        try checkLifetimes()
    }

    /// Access and ID tokens live 5 minutes to a day; refresh tokens an hour to ten years.
    /// The products are taken with overflow reported: a validity such as `Int.max` would
    /// otherwise trap in the multiplication before the range check could refuse it.
    private func checkLifetimes() throws(CognitoError) {
        func seconds(_ validity: Int, _ unit: TokenValidityUnit) -> Int? {
            let (product, overflow) = validity.multipliedReportingOverflow(by: unit.seconds)
            return overflow ? nil : product
        }
        guard let access = seconds(accessTokenValidity, accessTokenUnit), (300...86_400).contains(access),
              let id = seconds(idTokenValidity, idTokenUnit), (300...86_400).contains(id),
              let refresh = seconds(refreshTokenValidity, refreshTokenUnit), (3600...3650 * 86_400).contains(refresh) else {
            throw .invalidParameter("Invalid range for token validity.")
        }
    }

    /// Seconds an access token is valid: `ExpiresIn` of every sign-in.
    public var accessTokenLifetime: Int { accessTokenValidity * accessTokenUnit.seconds }
    public var idTokenLifetime: Int { idTokenValidity * idTokenUnit.seconds }
    public var refreshTokenLifetime: Int { refreshTokenValidity * refreshTokenUnit.seconds }

    /// Whether `USER_PASSWORD_AUTH` is enabled (new or legacy spelling).
    var allowsUserPassword: Bool {
        explicitAuthFlows.contains("ALLOW_USER_PASSWORD_AUTH") || explicitAuthFlows.contains("USER_PASSWORD_AUTH")
    }

    /// Whether `ADMIN_USER_PASSWORD_AUTH` (alias `ADMIN_NO_SRP_AUTH`) is enabled.
    var allowsAdminUserPassword: Bool {
        explicitAuthFlows.contains("ALLOW_ADMIN_USER_PASSWORD_AUTH") || explicitAuthFlows.contains("ADMIN_NO_SRP_AUTH")
    }

    /// Whether refresh tokens may be used: always for clients configured with legacy flows,
    /// which had no switch for it.
    var allowsRefresh: Bool {
        explicitAuthFlows.contains("ALLOW_REFRESH_TOKEN_AUTH") || explicitAuthFlows.contains(where: Self.legacyFlows.contains)
    }

    /// Whether an unknown user is answered like a wrong password.
    var preventsUserExistenceErrors: Bool { preventUserExistenceErrors == "ENABLED" }
}
