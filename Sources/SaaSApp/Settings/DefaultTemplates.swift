import Core

/// The templates registration uses until an administrator changes them. They reproduce what
/// the bootcamp's original provisioning did, including its gap: the TenantAdmin role's
/// product statement has no `dynamodb:LeadingKeys` condition, because adding one is the
/// tenant-isolation lab's exercise.
enum DefaultTemplates {
    static func document(_ name: TemplateName) -> JSON {
        switch name {
        case .userPool: userPool
        case .appClient: appClient
        case .identityPool: identityPool
        case .tenantAdminPolicy: tenantAdminPolicy
        case .tenantUserPolicy: tenantUserPolicy
        case .roleMappings: roleMappings
        case .principalTags: principalTags
        }
    }

    private static func customAttribute(_ name: String, mutable: Bool) -> JSON {
        ["Name": .string(name), "AttributeDataType": "String", "Mutable": .bool(mutable), "Required": false]
    }

    static let userPool: JSON = [
        "PoolName": "{{tenant_id}}",
        "Policies": ["PasswordPolicy": [
            "MinimumLength": 8, "RequireLowercase": true, "RequireUppercase": true, "RequireNumbers": true,
            "RequireSymbols": true, "TemporaryPasswordValidityDays": 7,
        ]],
        "AdminCreateUserConfig": ["AllowAdminCreateUserOnly": true],
        "AutoVerifiedAttributes": ["email"],
        "Schema": [
            ["Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true],
            customAttribute("tenant_id", mutable: false),
            customAttribute("tier", mutable: true),
            customAttribute("company_name", mutable: true),
            customAttribute("role", mutable: true),
            customAttribute("account_name", mutable: true),
        ],
    ]

    static let appClient: JSON = [
        "UserPoolId": "{{user_pool_id}}",
        "ClientName": "{{tenant_id}}-client",
        "GenerateSecret": false,
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        // Users may change their names and email, never their tenant or role.
        "WriteAttributes": ["email", "given_name", "family_name"],
    ]

    static let identityPool: JSON = [
        "IdentityPoolName": "{{tenant_id}}",
        "AllowUnauthenticatedIdentities": false,
        "CognitoIdentityProviders": [
            ["ProviderName": "{{provider_name}}", "ClientId": "{{client_id}}", "ServerSideTokenCheck": false],
        ],
    ]

    static let tableActions: JSON = [
        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
        "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
    ]
    static let readActions: JSON = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"]
    static let ownPartition: JSON = ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["{{tenant_id}}"]]]

    static func tables(_ placeholder: String) -> JSON {
        [.string("{{\(placeholder)}}"), .string("{{\(placeholder)}}/index/*")]
    }

    static let tenantAdminPolicy: JSON = [
        "Version": "2012-10-17",
        "Statement": [
            ["Sid": "TenantAdminUserTable", "Effect": "Allow", "Action": tableActions, "Resource": tables("user_table_arn"), "Condition": ownPartition],
            ["Sid": "TenantAdminOrderTable", "Effect": "Allow", "Action": tableActions, "Resource": tables("order_table_arn"), "Condition": ownPartition],
            ["Sid": "TenantAdminProductTable", "Effect": "Allow", "Action": tableActions, "Resource": tables("product_table_arn")],
            [
                "Sid": "TenantAdminUserPool", "Effect": "Allow",
                "Action": [
                    "cognito-idp:AdminCreateUser", "cognito-idp:AdminDeleteUser", "cognito-idp:AdminDisableUser",
                    "cognito-idp:AdminEnableUser", "cognito-idp:AdminGetUser", "cognito-idp:ListUsers",
                    "cognito-idp:AdminUpdateUserAttributes",
                ],
                "Resource": "arn:aws:cognito-idp:{{region}}:{{account}}:userpool/{{user_pool_id}}",
            ],
        ],
    ]

    static let tenantUserPolicy: JSON = [
        "Version": "2012-10-17",
        "Statement": [
            ["Sid": "TenantUserUserTable", "Effect": "Allow", "Action": readActions, "Resource": tables("user_table_arn"), "Condition": ownPartition],
            ["Sid": "TenantUserOrderTable", "Effect": "Allow", "Action": tableActions, "Resource": tables("order_table_arn"), "Condition": ownPartition],
            ["Sid": "TenantUserProductTable", "Effect": "Allow", "Action": readActions, "Resource": tables("product_table_arn"), "Condition": ownPartition],
            [
                "Sid": "TenantUserUserPool", "Effect": "Allow",
                "Action": ["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"],
                "Resource": "arn:aws:cognito-idp:{{region}}:{{account}}:userpool/{{user_pool_id}}",
            ],
        ],
    ]

    static let roleMappings: JSON = [
        "IdentityPoolId": "{{identity_pool_id}}",
        "Roles": ["authenticated": "{{trust_role_arn}}"],
        "RoleMappings": [
            "{{provider_name}}:{{client_id}}": [
                "Type": "Rules", "AmbiguousRoleResolution": "Deny",
                "RulesConfiguration": ["Rules": [
                    ["Claim": "custom:role", "MatchType": "Equals", "Value": "TenantAdmin", "RoleARN": "{{tenant_admin_role_arn}}"],
                    ["Claim": "custom:role", "MatchType": "Equals", "Value": "TenantUser", "RoleARN": "{{tenant_user_role_arn}}"],
                ]],
            ],
        ],
    ]

    /// The identity pool's default tags (`username`, `client`) plus the tenant id, so a
    /// policy may name the caller's partition as `${aws:PrincipalTag/tenant_id}`.
    static let principalTags: JSON = [
        "IdentityPoolId": "{{identity_pool_id}}",
        "IdentityProviderName": "{{provider_name}}",
        "UseDefaults": false,
        "PrincipalTags": ["tenant_id": "custom:tenant_id", "username": "sub", "client": "aud"],
    ]
}
