// Pools and app clients: CreateUserPool, DescribeUserPool, ListUserPools, DeleteUserPool,
// CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients, DeleteUserPoolClient.
import Cognito
import Core

extension CognitoIdentityProviderService {
    static let poolHandlers: [String: Handler] = [
        "CreateUserPool": { service, input in
            ["UserPool": CognitoShapes.pool(try service.pools.createUserPool(try poolSettings(input)))]
        },
        "DescribeUserPool": { service, input in
            ["UserPool": CognitoShapes.pool(try service.pools.describeUserPool(try input.string("UserPoolId")))]
        },
        "ListUserPools": { service, input in
            let page = try service.pools.listUserPools(maxResults: try input.int("MaxResults"), nextToken: try input.optionalString("NextToken"))
            var output: JSONObject = ["UserPools": .array(page.pools.map(CognitoShapes.poolSummary))]
            if let next = page.nextToken { output["NextToken"] = .string(next) }
            return .object(output)
        },
        "DeleteUserPool": { service, input in
            try service.pools.deleteUserPool(try input.string("UserPoolId"))
            return [:]
        },
        "CreateUserPoolClient": { service, input in
            let client = try service.pools.createUserPoolClient(poolId: try input.string("UserPoolId"), try clientSettings(input))
            return ["UserPoolClient": CognitoShapes.client(client)]
        },
        "DescribeUserPoolClient": { service, input in
            let client = try service.pools.describeUserPoolClient(poolId: try input.string("UserPoolId"), clientId: try input.string("ClientId"))
            return ["UserPoolClient": CognitoShapes.client(client)]
        },
        "ListUserPoolClients": { service, input in
            let page = try service.pools.listUserPoolClients(
                poolId: try input.string("UserPoolId"), maxResults: try input.optionalInt("MaxResults") ?? 60,
                nextToken: try input.optionalString("NextToken")
            )
            let clients = page.clients.map { client -> JSON in
                ["ClientId": .string(client.clientId), "UserPoolId": .string(client.userPoolId), "ClientName": .string(client.clientName)]
            }
            var output: JSONObject = ["UserPoolClients": .array(clients)]
            if let next = page.nextToken { output["NextToken"] = .string(next) }
            return .object(output)
        },
        "DeleteUserPoolClient": { service, input in
            try service.pools.deleteUserPoolClient(poolId: try input.string("UserPoolId"), clientId: try input.string("ClientId"))
            return [:]
        },
    ]

    /// CreateUserPool's input. As in the API, a `PasswordPolicy` that is given starts from
    /// false for each `Require*` flag it omits; with no `Policies` at all the default
    /// policy (eight characters of all four kinds) applies.
    static func poolSettings(_ input: CloudMembers) throws -> UserPoolSettings {
        var settings = UserPoolSettings(name: try input.string("PoolName"))
        if let policy = try input.optionalStructure("Policies")?.optionalStructure("PasswordPolicy") {
            settings.passwordPolicy = PasswordPolicy(
                minimumLength: try policy.optionalInt("MinimumLength") ?? 8,
                requireUppercase: try policy.optionalBool("RequireUppercase") ?? false,
                requireLowercase: try policy.optionalBool("RequireLowercase") ?? false,
                requireNumbers: try policy.optionalBool("RequireNumbers") ?? false,
                requireSymbols: try policy.optionalBool("RequireSymbols") ?? false,
                temporaryPasswordValidityDays: try policy.optionalInt("TemporaryPasswordValidityDays") ?? 7
            )
        }
        settings.schema = try (input.optionalStructureList("Schema") ?? []).map(schemaInput)
        settings.allowAdminCreateUserOnly = try input.optionalStructure("AdminCreateUserConfig")?.optionalBool("AllowAdminCreateUserOnly") ?? false
        settings.usernameAttributes = try input.optionalStringList("UsernameAttributes") ?? []
        settings.aliasAttributes = try input.optionalStringList("AliasAttributes") ?? []
        settings.autoVerifiedAttributes = try input.optionalStringList("AutoVerifiedAttributes") ?? []
        settings.usernameCaseSensitive = try input.optionalStructure("UsernameConfiguration")?.optionalBool("CaseSensitive") ?? true
        settings.tags = try input.optionalStringMap("UserPoolTags") ?? [:]
        return settings
    }

    /// One `SchemaAttributeType`; its constraints are numbers written as strings.
    private static func schemaInput(_ entry: CloudMembers) throws -> SchemaAttributeInput {
        var attribute = SchemaAttributeInput(name: try entry.string("Name"))
        if let type = try entry.optionalString("AttributeDataType") {
            guard let dataType = AttributeDataType(rawValue: type) else {
                throw CognitoError.invalidParameter("1 validation error detected: Value '\(type)' at '\(entry.memberPath("AttributeDataType"))' failed to satisfy constraint: Member must satisfy enum value set: [Boolean, Number, String, DateTime]")
            }
            attribute.dataType = dataType
        }
        attribute.mutable = try entry.optionalBool("Mutable")
        attribute.required = try entry.optionalBool("Required")
        attribute.developerOnly = try entry.optionalBool("DeveloperOnlyAttribute")
        if let strings = try entry.optionalStructure("StringAttributeConstraints") {
            attribute.minLength = try number(strings, "MinLength")
            attribute.maxLength = try number(strings, "MaxLength")
        }
        if let numbers = try entry.optionalStructure("NumberAttributeConstraints") {
            attribute.minValue = try number(numbers, "MinValue")
            attribute.maxValue = try number(numbers, "MaxValue")
        }
        return attribute
    }

    private static func number(_ members: CloudMembers, _ name: String) throws -> Int? {
        guard let text = try members.optionalString(name) else { return nil }
        guard let value = Int(text) else {
            throw CognitoError.invalidParameter("\(members.memberPath(name)) must be an integer, not '\(text)'")
        }
        return value
    }

    /// CreateUserPoolClient's input.
    static func clientSettings(_ input: CloudMembers) throws -> UserPoolClientSettings {
        var settings = UserPoolClientSettings(
            clientName: try input.string("ClientName"), generateSecret: try input.optionalBool("GenerateSecret") ?? false,
            explicitAuthFlows: try input.optionalStringList("ExplicitAuthFlows")
        )
        settings.accessTokenValidity = try input.optionalInt("AccessTokenValidity")
        settings.idTokenValidity = try input.optionalInt("IdTokenValidity")
        settings.refreshTokenValidity = try input.optionalInt("RefreshTokenValidity")
        if let units = try input.optionalStructure("TokenValidityUnits") {
            settings.accessTokenUnit = try unit(units, "AccessToken")
            settings.idTokenUnit = try unit(units, "IdToken")
            settings.refreshTokenUnit = try unit(units, "RefreshToken")
        }
        settings.readAttributes = try input.optionalStringList("ReadAttributes")
        settings.writeAttributes = try input.optionalStringList("WriteAttributes")
        settings.preventUserExistenceErrors = try input.optionalString("PreventUserExistenceErrors")
        return settings
    }

    private static func unit(_ units: CloudMembers, _ name: String) throws -> TokenValidityUnit? {
        guard let text = try units.optionalString(name) else { return nil }
        guard let unit = TokenValidityUnit(rawValue: text) else {
            throw CognitoError.invalidParameter("1 validation error detected: Value '\(text)' at '\(units.memberPath(name))' failed to satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, days]")
        }
        return unit
    }
}
