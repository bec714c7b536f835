// Cognito's output shapes, as the JSON the SDKs read (timestamps as epoch seconds).
import Cognito
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

enum CognitoShapes {
    static func date(_ date: Date) -> JSON { .number(date.timeIntervalSince1970) }

    static func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }

    /// `UserPoolType`, as CreateUserPool and DescribeUserPool return it.
    static func pool(_ pool: UserPool) -> JSON {
        let policy = pool.passwordPolicy
        var object: JSONObject = [
            "Id": .string(pool.id), "Name": .string(pool.name),
            "Policies": ["PasswordPolicy": [
                "MinimumLength": .number(policy.minimumLength), "RequireUppercase": .bool(policy.requireUppercase),
                "RequireLowercase": .bool(policy.requireLowercase), "RequireNumbers": .bool(policy.requireNumbers),
                "RequireSymbols": .bool(policy.requireSymbols), "TemporaryPasswordValidityDays": .number(policy.temporaryPasswordValidityDays),
            ]],
            "DeletionProtection": "INACTIVE", "LambdaConfig": [:],
            "LastModifiedDate": date(pool.lastModified), "CreationDate": date(pool.created),
            "SchemaAttributes": .array(pool.schema.map(schemaAttribute)),
            "AutoVerifiedAttributes": strings(pool.autoVerifiedAttributes),
        ]
        if !pool.aliasAttributes.isEmpty { object["AliasAttributes"] = strings(pool.aliasAttributes) }
        if !pool.usernameAttributes.isEmpty { object["UsernameAttributes"] = strings(pool.usernameAttributes) }
        object["VerificationMessageTemplate"] = ["DefaultEmailOption": "CONFIRM_WITH_CODE"]
        object["MfaConfiguration"] = "OFF"
        object["EstimatedNumberOfUsers"] = .number(pool.estimatedNumberOfUsers)
        object["EmailConfiguration"] = ["EmailSendingAccount": "COGNITO_DEFAULT"]
        object["UserPoolTags"] = .object(JSONObject(pool.tags.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
        object["AdminCreateUserConfig"] = [
            "AllowAdminCreateUserOnly": .bool(pool.allowAdminCreateUserOnly),
            "UnusedAccountValidityDays": .number(policy.temporaryPasswordValidityDays == 0 ? 7 : policy.temporaryPasswordValidityDays),
        ]
        object["UsernameConfiguration"] = ["CaseSensitive": .bool(pool.usernameCaseSensitive)]
        object["Arn"] = .string(pool.arn)
        return .object(object)
    }

    /// `SchemaAttributeType`; constraints are strings on the wire.
    static func schemaAttribute(_ attribute: SchemaAttribute) -> JSON {
        var object: JSONObject = [
            "Name": .string(attribute.name), "AttributeDataType": .string(attribute.dataType.rawValue),
            "DeveloperOnlyAttribute": .bool(attribute.developerOnly), "Mutable": .bool(attribute.mutable), "Required": .bool(attribute.required),
        ]
        switch attribute.dataType {
        case .string:
            var constraints = JSONObject()
            if let min = attribute.minLength { constraints["MinLength"] = .string(String(min)) }
            if let max = attribute.maxLength { constraints["MaxLength"] = .string(String(max)) }
            object["StringAttributeConstraints"] = .object(constraints)
        case .number:
            var constraints = JSONObject()
            if let min = attribute.minValue { constraints["MinValue"] = .string(String(min)) }
            if let max = attribute.maxValue { constraints["MaxValue"] = .string(String(max)) }
            object["NumberAttributeConstraints"] = .object(constraints)
        case .boolean, .dateTime:
            break
        }
        return .object(object)
    }

    /// `UserPoolDescriptionType`, the entries of ListUserPools.
    static func poolSummary(_ pool: UserPool) -> JSON {
        ["Id": .string(pool.id), "Name": .string(pool.name), "LambdaConfig": [:], "LastModifiedDate": date(pool.lastModified), "CreationDate": date(pool.created)]
    }

    /// `UserPoolClientType`.
    static func client(_ client: UserPoolClient) -> JSON {
        var object: JSONObject = ["UserPoolId": .string(client.userPoolId), "ClientName": .string(client.clientName), "ClientId": .string(client.clientId)]
        if let secret = client.clientSecret { object["ClientSecret"] = .string(secret) }
        object["LastModifiedDate"] = date(client.lastModified)
        object["CreationDate"] = date(client.created)
        object["RefreshTokenValidity"] = .number(client.refreshTokenValidity)
        object["AccessTokenValidity"] = .number(client.accessTokenValidity)
        object["IdTokenValidity"] = .number(client.idTokenValidity)
        object["TokenValidityUnits"] = [
            "AccessToken": .string(client.accessTokenUnit.rawValue), "IdToken": .string(client.idTokenUnit.rawValue),
            "RefreshToken": .string(client.refreshTokenUnit.rawValue),
        ]
        if let read = client.readAttributes { object["ReadAttributes"] = strings(read) }
        if let write = client.writeAttributes { object["WriteAttributes"] = strings(write) }
        object["ExplicitAuthFlows"] = strings(client.explicitAuthFlows)
        object["AllowedOAuthFlowsUserPoolClient"] = false
        object["PreventUserExistenceErrors"] = .string(client.preventUserExistenceErrors)
        object["EnableTokenRevocation"] = true
        object["EnablePropagateAdditionalUserContextData"] = false
        object["AuthSessionValidity"] = .number(client.authSessionValidity)
        return .object(object)
    }

    static func attributes(_ attributes: [UserAttribute]) -> JSON {
        .array(attributes.map { ["Name": .string($0.name), "Value": .string($0.value)] })
    }

    /// `UserType` (AdminCreateUser, ListUsers), or AdminGetUser's output when
    /// `attributesKey` is `UserAttributes`.
    static func user(_ user: PoolUser, attributesKey: String = "Attributes") -> JSON {
        [
            "Username": .string(user.username), attributesKey: attributes(user.attributes),
            "UserCreateDate": date(user.created), "UserLastModifiedDate": date(user.lastModified),
            "Enabled": .bool(user.enabled), "UserStatus": .string(user.status.rawValue),
        ]
    }

    /// `CodeDeliveryDetailsType`: where a code went, masked.
    static func codeDelivery(_ delivery: CodeDeliveryDetails) -> JSON {
        [
            "Destination": .string(delivery.destination), "DeliveryMedium": .string(delivery.deliveryMedium),
            "AttributeName": .string(delivery.attributeName),
        ]
    }

    /// `GroupType`.
    static func group(_ group: UserGroup) -> JSON {
        var object: JSONObject = ["GroupName": .string(group.groupName), "UserPoolId": .string(group.userPoolId)]
        if let description = group.description { object["Description"] = .string(description) }
        if let roleArn = group.roleArn { object["RoleArn"] = .string(roleArn) }
        if let precedence = group.precedence { object["Precedence"] = .number(precedence) }
        object["LastModifiedDate"] = date(group.lastModified)
        object["CreationDate"] = date(group.created)
        return .object(object)
    }

    /// InitiateAuth's and RespondToAuthChallenge's output.
    static func outcome(_ outcome: AuthOutcome) -> JSON {
        switch outcome {
        case .authenticated(let result):
            var tokens: JSONObject = ["AccessToken": .string(result.accessToken), "ExpiresIn": .number(result.expiresIn), "TokenType": .string(result.tokenType)]
            if let refresh = result.refreshToken { tokens["RefreshToken"] = .string(refresh) }
            tokens["IdToken"] = .string(result.idToken)
            return ["ChallengeParameters": [:], "AuthenticationResult": .object(tokens)]
        case .challenge(let challenge):
            let parameters = JSONObject(challenge.parameters.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })
            return ["ChallengeName": .string(challenge.name), "Session": .string(challenge.session), "ChallengeParameters": .object(parameters)]
        }
    }
}
