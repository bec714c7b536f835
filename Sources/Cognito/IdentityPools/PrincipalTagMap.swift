// Attributes for access control: which token claims become session tags, so policies can
// say `${aws:PrincipalTag/tenant_id}` once for every tenant.
import Core

/// One provider's claim-to-tag map (SetPrincipalTagAttributeMap).
public struct PrincipalTagMap: Sendable, Hashable {
    /// AWS's default map for a Cognito user pool provider: the tag `username` from the ID
    /// token's `sub` and `client` from its `aud` ("Default provider mappings" in the Cognito
    /// developer guide lists `aud` (client ID) and `sub` (user ID); the API reference names
    /// the defaults "username and clientID").
    public static let userPoolDefaults: [String: String] = ["username": "sub", "client": "aud"]

    /// Whether the defaults are in use; when true, ``tags`` is ``userPoolDefaults``.
    public let useDefaults: Bool
    /// Tag key → claim name.
    public let tags: [String: String]

    /// A map; `useDefaults` replaces `tags` with the defaults, as AWS does.
    public init(useDefaults: Bool, tags: [String: String] = [:]) {
        self.useDefaults = useDefaults
        self.tags = useDefaults ? Self.userPoolDefaults : tags
    }

    /// The session tags for a token with `claims`. A claim the token lacks gives no tag;
    /// a string claim gives its text, a number or boolean its JSON spelling, and anything
    /// else (arrays, objects) no tag, since a session tag holds one value.
    public func sessionTags(from claims: JSONObject) -> [String: String] {
        var result: [String: String] = [:]
        for (tag, claim) in tags {
            switch claims[claim] {
            case .string(let text)?: result[tag] = text
            case .number(let number)?: result[tag] = number.text
            case .bool(let flag)?: result[tag] = flag ? "true" : "false"
            default: break
            }
        }
        return result
    }

    /// SetPrincipalTagAttributeMap's limits: at most 50 tags, keys 1-128 and claim names
    /// 1-256 characters.
    func validate() throws(CognitoError) {
        guard tags.count <= 50 else {
            throw .validation(value: "\(tags.count) entries", member: "principalTags", constraint: "Member must have length less than or equal to 50")
        }
        for (key, claim) in tags.sorted(by: { $0.key < $1.key }) {
            guard (1...128).contains(key.count) else {
                throw .validation(value: key, member: "principalTags", constraint: "Map keys must have length between 1 and 128")
            }
            guard (1...256).contains(claim.count) else {
                throw .validation(value: claim, member: "principalTags.\(key)", constraint: "Member must have length between 1 and 256")
            }
        }
    }
}
