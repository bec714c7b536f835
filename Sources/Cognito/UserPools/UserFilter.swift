// ListUsers' Filter (`email = "x"`, `username ^= "a"`) and the opaque page tokens of the
// pool's list operations.
import Core

/// One `ListUsers` filter: `AttributeName Filter-Type "AttributeValue"`, where the type is
/// `=` (exact) or `^=` (prefix) and only Cognito's searchable attributes may be named.
struct UserFilter: Sendable, Equatable {
    let attribute: String
    let prefix: Bool
    let value: String

    static let searchable: Set<String> = [
        "username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
        "cognito:user_status", "status", "sub",
    ]

    /// The filter in `text`; nil for an empty filter (every user).
    static func parse(_ text: String) throws(CognitoError) -> UserFilter? {
        var rest = Substring(text)
        rest = rest.drop(while: \.isWhitespace)
        guard !rest.isEmpty else { return nil }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        rest = rest.dropFirst(name.count)
        rest = rest.drop(while: \.isWhitespace)
        let prefix: Bool
        if rest.hasPrefix("^=") {
            (prefix, rest) = (true, rest.dropFirst(2))
        } else if rest.hasPrefix("=") {
            (prefix, rest) = (false, rest.dropFirst())
        } else {
            throw .invalidParameter("Error while parsing filter.")
        }
        rest = rest.drop(while: \.isWhitespace)
        guard !name.isEmpty, rest.first == "\"" else { throw .invalidParameter("Error while parsing filter.") }
        var value = "", escaped = false, closed = false
        for character in rest.dropFirst() {
            if closed {
                guard character.isWhitespace else { throw .invalidParameter("Error while parsing filter.") }
            } else if escaped {
                value.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                closed = true
            } else {
                value.append(character)
            }
        }
        guard closed else { throw .invalidParameter("Error while parsing filter.") }
        guard searchable.contains(String(name)) else {
            throw .invalidParameter("Invalid search attribute: \(name)")
        }
        return UserFilter(attribute: String(name), prefix: prefix, value: value)
    }

    /// Whether `user` matches. User names compare as the pool compares them; the status
    /// name ignores case, as Cognito documents.
    func matches(_ user: PoolUser, caseSensitiveUsername: Bool) -> Bool {
        switch attribute {
        case "username":
            return compare(user.username, value, ignoringCase: !caseSensitiveUsername)
        case "cognito:user_status":
            return compare(user.status.rawValue, value, ignoringCase: true)
        case "status":
            return compare(user.enabled ? "Enabled" : "Disabled", value, ignoringCase: false)
        default:
            guard let actual = user.attributes.value(of: attribute) else { return false }
            return compare(actual, value, ignoringCase: false)
        }
    }

    private func compare(_ actual: String, _ wanted: String, ignoringCase: Bool) -> Bool {
        let (a, w) = ignoringCase ? (actual.lowercased(), wanted.lowercased()) : (actual, wanted)
        return prefix ? a.hasPrefix(w) : a == w
    }
}

/// Opaque continuation tokens: the position after the last item returned, so a page stays
/// right even when earlier items are deleted in between.
enum PageToken {
    static func encode(after sequence: Int) -> String {
        Base64URL.encode(Array("after:\(sequence)".utf8))
    }

    /// The position a token continues after; -1 (from the start) for nil.
    static func decode(_ token: String?, message: String) throws(CognitoError) -> Int {
        guard let token else { return -1 }
        guard let bytes = Base64URL.decode(token), let text = String(validating: bytes, as: UTF8.self),
              text.hasPrefix("after:"), let sequence = Int(text.dropFirst(6)) else {
            throw .invalidParameter(message)
        }
        return sequence
    }

    /// Up to `limit` items after `start`, from `items` in ascending sequence order, and the
    /// token for the rest if any remain.
    static func page<T>(_ items: [(sequence: Int, item: T)], after start: Int, limit: Int) -> (items: [T], next: String?) {
        let remaining = items.filter { $0.sequence > start }
        let page = remaining.prefix(limit)
        let next = remaining.count > page.count ? page.last.map { encode(after: $0.sequence) } : nil
        return (page.map(\.item), next)
    }
}
