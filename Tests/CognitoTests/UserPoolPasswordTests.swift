import Cognito
import Core
import Testing

@Suite struct UserPoolPasswordTests {
    static let strict = PasswordPolicy()
    static let lenient = PasswordPolicy(minimumLength: 6, requireUppercase: false, requireLowercase: false, requireNumbers: false, requireSymbols: false)

    /// Each row: a policy, a password, and the reason it fails (nil: it passes). Rules are
    /// checked in order: length, upper case, lower case, digits, symbols.
    static let matrix: [(PasswordPolicy, String, String?)] = [
        (strict, "Passw0rd!", nil),
        (strict, "Pa0!", "Password not long enough"),
        (strict, "passw0rd!", "Password must have uppercase characters"),
        (strict, "PASSW0RD!", "Password must have lowercase characters"),
        (strict, "Password!", "Password must have numeric characters"),
        (strict, "Passw0rdd", "Password must have symbol characters"),
        (strict, "pass", "Password not long enough"),
        (strict, "Passw0rd with spaces", nil),
        (strict, "Pässw0rd!", nil),
        (strict, "PASSWöRD1!", "Password must have lowercase characters"),
        (lenient, "abcdef", nil),
        (lenient, "abcde", "Password not long enough"),
        (PasswordPolicy(minimumLength: 12, requireSymbols: false), "Passw0rdPassw0rd", nil),
        (PasswordPolicy(minimumLength: 12, requireSymbols: false), "Passw0rd", "Password not long enough"),
        (PasswordPolicy(requireUppercase: false), "passw0rd!", nil),
        (PasswordPolicy(requireLowercase: false), "PASSW0RD!", nil),
        (PasswordPolicy(requireNumbers: false), "Password!", nil),
        (PasswordPolicy(requireNumbers: false, requireSymbols: false), "Passwordd", nil),
    ]

    @Test(arguments: 0..<matrix.count)
    func policyMatrix(row: Int) {
        let (policy, password, reason) = Self.matrix[row]
        if let reason {
            #expect(throws: CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: \(reason)")) {
                try policy.check(password)
            }
        } else {
            #expect(throws: Never.self) { try policy.check(password) }
        }
    }

    @Test(arguments: Array(#"^$*.[]{}()?-"!@#%&/\,><':;|_~`+="#))
    func everyCognitoSymbolCounts(symbol: Character) throws {
        try Self.strict.check("Passw0rd" + String(symbol))
    }

    @Test func whitespaceAtEitherEndAndOverlongPasswordsAreInvalidParameters() {
        #expect(throws: CognitoError.invalidParameter(#"1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\S]+.*[\S]+$"#)) {
            try Self.strict.check(" Passw0rd!")
        }
        #expect(throws: CognitoError.self) { try Self.strict.check("Passw0rd! ") }
        #expect(throws: CognitoError.self) { try Self.strict.check("Passw0rd!" + String(repeating: "a", count: 250)) }
    }

    @Test func generatedTemporaryPasswordsSatisfyTheStrictestPolicies() throws {
        let fixture = UserPoolFixture(seed: 99)
        for minimum in [6, 8, 20, 99] {
            let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "p\(minimum)", passwordPolicy: PasswordPolicy(minimumLength: minimum)))
            for index in 0..<20 {
                try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "u\(index)"))
            }
            for message in try fixture.pools.outbox(poolId: pool.id) {
                let password = try #require(message.temporaryPassword)
                try pool.passwordPolicy.check(password)
                #expect(password.count == max(minimum, 12))
            }
        }
    }

    @Test func sameSeedSamePasswordsDifferentSeedDifferent() throws {
        func invitation(_ seed: UInt64) throws -> String? {
            let fixture = UserPoolFixture(seed: seed)
            let pool = try fixture.bootcampPool()
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "x", attributes: [UserAttribute(name: "email", value: "x@example.com")]))
            return try fixture.pools.outbox(poolId: pool.id).first?.temporaryPassword
        }
        #expect(try invitation(1) == invitation(1))
        #expect(try invitation(1) != invitation(2))
    }

    @Test func passwordsAreSaltedSoEqualPasswordsStillSignInSeparately() throws {
        // Two users with the same password: each signs in only with their own name, and a
        // near miss fails, which exercises the salted PBKDF2 check end to end.
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        for name in ["alice", "bob"] {
            try fixture.tenantAdmin(pool, username: name)
            try fixture.pools.adminSetUserPassword(poolId: pool.id, username: name, password: UserPoolFixture.newPassword, permanent: true)
        }
        _ = try fixture.signIn(client, username: "alice")
        _ = try fixture.signIn(client, username: "bob")
        #expect(throws: CognitoError.notAuthorized("Incorrect username or password.")) {
            try fixture.signIn(client, username: "bob", password: UserPoolFixture.newPassword + "x")
        }
    }

    @Test func policyBoundsAreCognitos() {
        for (length, valid) in [(5, false), (6, true), (99, true), (100, false)] {
            let result = Result { () throws(CognitoError) in
                try UserPoolFixture().pools.createUserPool(UserPoolSettings(name: "p", passwordPolicy: PasswordPolicy(minimumLength: length)))
            }
            #expect(((try? result.get()) != nil) == valid, "minimum length \(length)")
        }
        #expect(throws: CognitoError.self) {
            try UserPoolFixture().pools.createUserPool(UserPoolSettings(name: "p", passwordPolicy: PasswordPolicy(temporaryPasswordValidityDays: 366)))
        }
    }
}
