import Backend
import Cognito
import Core
import Foundation
import IAM

/// The identity workloads `saaslab bench` measures: a user pool with one signed-in user and an
/// identity pool that maps the user to a tenant role, set up once on a fresh backend.
struct CognitoBenchFixture {
    let backend: Backend
    let poolId: String
    let clientId: String
    let refreshToken: String
    let idToken: String
    let identityId: String
    let logins: [String: String]

    init() throws {
        // A seeded backend: the fixture is the same every run.
        backend = Backend(BackendConfig(random: SeededRandomSource(seed: 1)))
        let pools = backend.userPools
        let pool = try pools.createUserPool(UserPoolSettings(name: "bench"))
        poolId = pool.id
        clientId = try pools.createUserPoolClient(
            poolId: pool.id,
            UserPoolClientSettings(clientName: "bench", explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        ).clientId
        _ = try pools.adminCreateUser(poolId: pool.id, NewUser(username: "admin", attributes: [UserAttribute(name: "email", value: "a@example.com")], messageAction: .suppress))
        try pools.adminSetUserPassword(poolId: pool.id, username: "admin", password: "Bench-Password-1", permanent: true)
        guard case .authenticated(let tokens) = try pools.adminInitiateAuth(
            poolId: pool.id, clientId: clientId, authFlow: "ADMIN_USER_PASSWORD_AUTH",
            parameters: ["USERNAME": "admin", "PASSWORD": "Bench-Password-1"]
        ), let refresh = tokens.refreshToken else {
            throw CognitoError.notAuthorized("bench: sign-in did not return tokens")
        }
        refreshToken = refresh
        idToken = tokens.idToken

        let provider = "cognito-idp.\(backend.config.region).amazonaws.com/\(pool.id)"
        logins = [provider: idToken]
        let identityPool = try backend.identityPools.createIdentityPool(IdentityPoolSettings(
            name: "bench", allowUnauthenticatedIdentities: false, providers: [CognitoIdentityProvider(providerName: provider, clientId: clientId)]
        ))
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"\#(identityPool.id)"}}}]}"#
        let role = try backend.identities.createRole(name: "TenantUser", trustPolicy: trust)
        try backend.identityPools.setRoles(poolId: identityPool.id, roles: IdentityPoolRoles(authenticated: role.arn), roleMappings: [:])
        identityId = try backend.identityPools.getId(poolId: identityPool.id, logins: logins)
    }
}

extension BenchWorkloads {
    static func cognito() -> CognitoBenchFixture {
        do {
            return try CognitoBenchFixture()
        } catch {
            fatalError("bench: cognito fixture failed: \(error)")
        }
    }

    /// Issues an ID and an access token (a REFRESH_TOKEN_AUTH sign-in: no password hashing).
    static func tokenIssue(_ fixture: CognitoBenchFixture) -> () -> Void {
        {
            do {
                _ = try fixture.backend.userPools.initiateAuth(
                    clientId: fixture.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": fixture.refreshToken]
                )
            } catch {
                fatalError("bench: token issue failed: \(error)")
            }
        }
    }

    /// Verifies an ID token: signature, issuer, audience, use and expiry.
    static func tokenVerify(_ fixture: CognitoBenchFixture) -> () -> Void {
        {
            do {
                _ = try fixture.backend.userPools.verifyToken(fixture.idToken, use: .id, poolId: fixture.poolId, clientId: fixture.clientId)
            } catch {
                fatalError("bench: token verify failed: \(error)")
            }
        }
    }

    /// GetCredentialsForIdentity: verify the login, pick the role, check its trust policy
    /// through STS, and issue a role session.
    static func getCredentials(_ fixture: CognitoBenchFixture) -> () -> Void {
        {
            do {
                _ = try fixture.backend.identityPools.credentials(identityId: fixture.identityId, logins: fixture.logins)
            } catch {
                fatalError("bench: GetCredentialsForIdentity failed: \(error)")
            }
        }
    }
}
