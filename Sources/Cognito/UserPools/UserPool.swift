// What a user pool is made of: the settings CreateUserPool takes and the description
// DescribeUserPool gives back.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The input of `CreateUserPool`, with Cognito's defaults for everything left out.
public struct UserPoolSettings: Sendable {
    /// 1 to 128 characters of `[\w\s+=,.@-]`.
    public var name: String
    /// Overrides of standard attributes and the pool's custom attributes.
    public var schema: [SchemaAttributeInput]
    public var passwordPolicy: PasswordPolicy
    /// When true, only administrators create users: `SignUp` is refused.
    public var allowAdminCreateUserOnly: Bool
    /// `email` and/or `phone_number`: users sign in with these instead of a user name, and
    /// their user name is their `sub`.
    public var usernameAttributes: [String]
    /// `email`, `phone_number`, `preferred_username`: verified values that also sign in.
    public var aliasAttributes: [String]
    /// `email` and/or `phone_number`, verified by the code `SignUp` sends.
    public var autoVerifiedAttributes: [String]
    /// `UsernameConfiguration.CaseSensitive`; true when not configured, as in the API.
    public var usernameCaseSensitive: Bool
    public var tags: [String: String]

    public init(
        name: String, schema: [SchemaAttributeInput] = [], passwordPolicy: PasswordPolicy = PasswordPolicy(),
        allowAdminCreateUserOnly: Bool = false, usernameAttributes: [String] = [], aliasAttributes: [String] = [],
        autoVerifiedAttributes: [String] = [], usernameCaseSensitive: Bool = true, tags: [String: String] = [:]
    ) {
        self.name = name
        self.schema = schema
        self.passwordPolicy = passwordPolicy
        self.allowAdminCreateUserOnly = allowAdminCreateUserOnly
        self.usernameAttributes = usernameAttributes
        self.aliasAttributes = aliasAttributes
        self.autoVerifiedAttributes = autoVerifiedAttributes
        self.usernameCaseSensitive = usernameCaseSensitive
        self.tags = tags
    }

    /// Refuses settings Cognito refuses, with its messages.
    func validate() throws(CognitoError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.isWhitespace
                || "_+=,.@-".unicodeScalars.contains(scalar)
        }
        guard (1...128).contains(name.count), allowed else {
            throw .invalidParameter(
                "1 validation error detected: Value '\(name)' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"
            )
        }
        try passwordPolicy.validate()
        if !usernameAttributes.isEmpty && !aliasAttributes.isEmpty {
            throw .invalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
        }
        try Self.check(usernameAttributes, allowed: ["email", "phone_number"], member: "usernameAttributes")
        try Self.check(aliasAttributes, allowed: ["email", "phone_number", "preferred_username"], member: "aliasAttributes")
        try Self.check(autoVerifiedAttributes, allowed: ["email", "phone_number"], member: "autoVerifiedAttributes")
    }

    private static func check(_ values: [String], allowed: [String], member: String) throws(CognitoError) {
        for value in values where !allowed.contains(value) {
            throw .invalidParameter(
                "1 validation error detected: Value '[\(values.joined(separator: ", "))]' at '\(member)' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]]"
            )
        }
    }
}

/// A user pool as `DescribeUserPool` describes it.
public struct UserPool: Sendable {
    /// `<region>_<9 alphanumerics>`, e.g. `us-east-1_aB3dE5gH7`.
    public let id: String
    public let name: String
    /// `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`.
    public let arn: String
    /// The issuer of the pool's tokens and the provider name identity pools know it by.
    public let providerName: String
    public let created: Date
    public var lastModified: Date
    /// Standard attributes first, then custom ones.
    public let schema: [SchemaAttribute]
    public let passwordPolicy: PasswordPolicy
    public let allowAdminCreateUserOnly: Bool
    public let usernameAttributes: [String]
    public let aliasAttributes: [String]
    public let autoVerifiedAttributes: [String]
    public let usernameCaseSensitive: Bool
    public let tags: [String: String]
    public var estimatedNumberOfUsers: Int

    /// `https://cognito-idp.<region>.amazonaws.com/<id>`: the `iss` of every token.
    public var issuer: String { "https://" + providerName }

    init(id: String, region: String, accountId: String, settings: UserPoolSettings, schema: [SchemaAttribute], at date: Date) {
        self.id = id
        name = settings.name
        arn = "arn:aws:cognito-idp:\(region):\(accountId):userpool/\(id)"
        providerName = "cognito-idp.\(region).amazonaws.com/\(id)"
        created = date
        lastModified = date
        self.schema = schema
        passwordPolicy = settings.passwordPolicy
        allowAdminCreateUserOnly = settings.allowAdminCreateUserOnly
        usernameAttributes = settings.usernameAttributes
        aliasAttributes = settings.aliasAttributes
        autoVerifiedAttributes = settings.autoVerifiedAttributes
        usernameCaseSensitive = settings.usernameCaseSensitive
        tags = settings.tags
        estimatedNumberOfUsers = 0
    }

    /// The schema entry for `name`, if the pool has that attribute.
    public func attribute(_ name: String) -> SchemaAttribute? {
        schema.first { $0.name == name }
    }
}
