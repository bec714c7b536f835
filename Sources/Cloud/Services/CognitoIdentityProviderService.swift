import Cognito
import Core
import IAM

/// Cognito user pools over JSON 1.1 (`X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`),
/// in front of the ``UserPools`` engine.
///
/// Sign-in operations (`InitiateAuth`, `RespondToAuthChallenge`, `SignUp`, `ConfirmSignUp`,
/// `ForgotPassword`, `ConfirmForgotPassword`, `RevokeToken`) and the user's own operations
/// (`GetUser`, `UpdateUserAttributes`, `ChangePassword`, `GlobalSignOut`, ...) are anonymous,
/// as in AWS: what authorises them is the app client id, the password, the code, the session
/// or the access token, never IAM. Every other operation must be signed, and is
/// authorised by the caller's IAM policies as `cognito-idp:<Operation>` on the pool's ARN
/// (`arn:aws:cognito-idp:<region>:<account>:userpool/<id>`; `*` for CreateUserPool and
/// ListUserPools, which name no pool).
///
/// Errors are Cognito's, with bare `__type` codes. Request validation failures are
/// `InvalidParameterException`, as Cognito reports them, rather than `ValidationException`.
public struct CognitoIdentityProviderService: CloudService {
    /// The engine, for callers that need it directly (identity pools verify tokens with it;
    /// labs and tests read its outbox).
    public let pools: UserPools
    let store: IdentityStore
    let clock: any WallClock

    /// An adapter for `pools`, authorising admin calls against `store`.
    public init(pools: UserPools, store: IdentityStore, clock: any WallClock) {
        self.pools = pools
        self.store = store
        self.clock = clock
    }

    /// An adapter with its own engine for `region` and `store`'s account, drawing ids,
    /// keys and tokens from `random`.
    public init(store: IdentityStore, region: String, clock: any WallClock, random: any RandomSource, passwordIterations: Int = 10_000) {
        self.init(
            pools: UserPools(region: region, accountId: store.accountId, clock: clock, random: random, passwordIterations: passwordIterations),
            store: store, clock: clock
        )
    }

    public var signingName: String { "cognito-idp" }
    public var awsProtocol: AWSProtocol {
        .json(version: "1.1", targetPrefix: "AWSCognitoIdentityProviderService", errorNamespace: nil)
    }
    // Made once: the front door asks on every request.
    public var operations: Set<String> { Self.operationNames }
    private static let operationNames = Set(handlers.keys)
    public var allowsAnonymous: Set<String> { Self.anonymousOperations }

    /// The operations AWS authorises without SigV4 or IAM (its API reference says of each
    /// that IAM policies are not evaluated): the sign-in ones and the user's own.
    static let anonymousOperations: Set<String> = Set(["InitiateAuth", "RespondToAuthChallenge", "SignUp", "ConfirmSignUp"])
        .union(tokenHandlers.keys).union(recoveryHandlers.keys)

    /// The signed operations that act on the account's pools as a whole rather than on one
    /// pool: authorised on `*`, as AWS's service authorization reference lists them.
    static let accountOperations: Set<String> = ["CreateUserPool", "ListUserPools"]

    typealias Handler = @Sendable (CognitoIdentityProviderService, CloudMembers) throws -> JSON

    static let handlers: [String: Handler] = poolHandlers
        .merging(userHandlers) { $1 }
        .merging(groupHandlers) { $1 }
        .merging(authHandlers) { $1 }
        .merging(tokenHandlers) { $1 }
        .merging(recoveryHandlers) { $1 }

    public func handle(_ call: CloudCall) async throws -> JSON {
        guard let handler = Self.handlers[call.operation] else {
            throw AWSError.unknownOperation("AWSCognitoIdentityProviderService.\(call.operation)")
        }
        if !allowsAnonymous.contains(call.operation) {
            try authorize(call)
        }
        do {
            return try handler(self, call.members)
        } catch let error as CognitoError {
            throw AWSError(code: error.code, message: error.message, status: error.status)
        } catch let error as AWSError where error.code == "ValidationException" {
            throw AWSError.invalidParameter(error.message)
        }
    }

    /// Throws `AccessDeniedException` unless the signed caller may perform
    /// `cognito-idp:<Operation>` on the pool the input names.
    private func authorize(_ call: CloudCall) throws(AWSError) {
        let principal = try store.principal(for: call, at: clock.now())
        // An operation that names no pool is authorised on `*` whatever the input says, so a
        // stray UserPoolId cannot borrow a pool's permissions for an account-wide call.
        let resource = Self.accountOperations.contains(call.operation) ? "*" : call.input["UserPoolId"]?.stringValue.map {
            "arn:aws:cognito-idp:\(call.region):\(call.accountId):userpool/\($0)"
        } ?? "*"
        do {
            try store.requireAllowed(principal, action: "cognito-idp:\(call.operation)", resource: resource)
        } catch {
            throw AWSError.coralAccessDenied(error.message)
        }
    }
}
