// Finding a user by the name someone typed: the user name itself, or an email, phone
// number or preferred user name the pool lets people sign in with.

extension UserPools.PoolRecord {
    /// The key `username` is stored under: itself, or lower-cased in a case-insensitive pool.
    func canonical(_ username: String) -> String {
        pool.usernameCaseSensitive ? username : username.lowercased()
    }

    /// The stored key of the user `name` designates, if any.
    ///
    /// In a pool with `UsernameAttributes`, the email or phone number is the sign-in name
    /// (the real user name is the `sub`). In a pool with `AliasAttributes`, a *verified*
    /// email or phone number, or the preferred user name, also signs in. Emails and
    /// preferred user names compare without case, as Cognito compares them.
    func userKey(for name: String) -> String? {
        let key = canonical(name)
        if users[key] != nil { return key }
        for attribute in pool.usernameAttributes {
            if let found = users.first(where: { Self.same($0.value.user.attributes.value(of: attribute), name, attribute) }) {
                return found.key
            }
        }
        for attribute in pool.aliasAttributes {
            let verification = attribute == "preferred_username" ? nil : attribute + "_verified"
            let found = users.first { entry in
                let attributes = entry.value.user.attributes
                guard Self.same(attributes.value(of: attribute), name, attribute) else { return false }
                return verification.map { attributes.value(of: $0) == "true" } ?? true
            }
            if let found { return found.key }
        }
        return nil
    }

    /// The stored key of `name`, or `UserNotFoundException`.
    func requireUserKey(_ name: String) throws(CognitoError) -> String {
        guard let key = userKey(for: name) else { throw .userNotFound }
        return key
    }

    private static func same(_ stored: String?, _ typed: String, _ attribute: String) -> Bool {
        guard let stored else { return false }
        return attribute == "phone_number" ? stored == typed : stored.lowercased() == typed.lowercased()
    }

    /// Whether another user already signs in with `value` as `attribute`, which would make
    /// sign-in ambiguous.
    func signInValueTaken(_ attribute: String, _ value: String, except key: String? = nil) -> Bool {
        guard pool.usernameAttributes.contains(attribute) || pool.aliasAttributes.contains(attribute) else { return false }
        return users.contains { $0.key != key && Self.same($0.value.user.attributes.value(of: attribute), value, attribute) }
    }
}
