import Core

/// A tenant's identity resources: its user pool and app client, its identity pool, and the
/// roles the identity pool maps its users to.
struct TenantIdentity: Sendable {
    let tenantId: String
    let userPoolId: String
    let clientId: String
    let identityPoolId: String
    /// `cognito-idp.<region>.amazonaws.com/<userPoolId>`: the identity pool's login key.
    let providerName: String
    let adminRoleName: String
    let userRoleName: String
    let trustRoleName: String
}

/// The trust policy of every role a tenant's identity pool hands out: only that identity
/// pool's authenticated identities may assume it, and may carry principal tags into it.
enum TrustPolicy {
    static func document(identityPoolId: String) -> JSON {
        [
            "Version": "2012-10-17",
            "Statement": [[
                "Effect": "Allow",
                "Principal": ["Federated": "cognito-identity.amazonaws.com"],
                "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
                "Condition": [
                    "StringEquals": ["cognito-identity.amazonaws.com:aud": .string(identityPoolId)],
                    "ForAnyValue:StringLike": ["cognito-identity.amazonaws.com:amr": "authenticated"],
                ],
            ]],
        ]
    }
}
