// Passwords: a pool's rules (checked with Cognito's messages, and satisfied by the temporary
// passwords it makes), and how a password is kept (never itself, only a salted PBKDF2 digest).
import Core

/// `Policies.PasswordPolicy` of a user pool.
public struct PasswordPolicy: Sendable, Hashable {
    /// 6 to 99 characters.
    public var minimumLength: Int
    public var requireUppercase: Bool
    public var requireLowercase: Bool
    public var requireNumbers: Bool
    public var requireSymbols: Bool
    /// How long a temporary password from `AdminCreateUser` works (0 to 365 days; Cognito
    /// treats 0 as its default of 7).
    public var temporaryPasswordValidityDays: Int

    /// Cognito's default policy: eight characters of all four kinds, seven days.
    public init(
        minimumLength: Int = 8, requireUppercase: Bool = true, requireLowercase: Bool = true, requireNumbers: Bool = true,
        requireSymbols: Bool = true, temporaryPasswordValidityDays: Int = 7
    ) {
        self.minimumLength = minimumLength
        self.requireUppercase = requireUppercase
        self.requireLowercase = requireLowercase
        self.requireNumbers = requireNumbers
        self.requireSymbols = requireSymbols
        self.temporaryPasswordValidityDays = temporaryPasswordValidityDays
    }

    /// The characters Cognito counts as symbols (a space counts too, but only inside).
    public static let symbols: Set<Character> = Set(#"^$*.[]{}()?-"!@#%&/\,><':;|_~`+= "#)

    /// Refuses a policy outside Cognito's bounds, with its validation wording.
    func validate() throws(CognitoError) {
        guard minimumLength >= 6 else {
            throw .invalidParameter(Self.bound(minimumLength, "minimumLength", "greater than or equal to 6"))
        }
        guard minimumLength <= 99 else {
            throw .invalidParameter(Self.bound(minimumLength, "minimumLength", "less than or equal to 99"))
        }
        guard (0...365).contains(temporaryPasswordValidityDays) else {
            throw .invalidParameter(Self.bound(temporaryPasswordValidityDays, "temporaryPasswordValidityDays", "between 0 and 365"))
        }
    }

    private static func bound(_ value: Int, _ member: String, _ constraint: String) -> String {
        "1 validation error detected: Value '\(value)' at 'policies.passwordPolicy.\(member)' failed to satisfy constraint: Member must have value \(constraint)"
    }

    /// Days a temporary password stays valid, with 0 meaning the default.
    var effectiveTemporaryDays: Int { temporaryPasswordValidityDays == 0 ? 7 : temporaryPasswordValidityDays }

    /// Throws `InvalidPasswordException` naming the first rule `password` breaks, in the
    /// order Cognito checks them: length, then upper case, lower case, digits, symbols.
    /// Leading or trailing whitespace, and more than 256 characters, fail the API's own
    /// member constraints (`InvalidParameterException`) before any policy applies.
    public func check(_ password: String, member: String = "password") throws(CognitoError) {
        if password.first?.isWhitespace == true || password.last?.isWhitespace == true {
            throw .invalidParameter(
                #"1 validation error detected: Value at '\#(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\S]+.*[\S]+$"#
            )
        }
        guard password.count <= 256 else {
            throw .invalidParameter("1 validation error detected: Value at '\(member)' failed to satisfy constraint: Member must have length less than or equal to 256")
        }
        guard password.count >= minimumLength else { throw .invalidPassword("Password not long enough") }
        if requireUppercase && !password.contains(where: { ("A"..."Z").contains($0) }) {
            throw .invalidPassword("Password must have uppercase characters")
        }
        if requireLowercase && !password.contains(where: { ("a"..."z").contains($0) }) {
            throw .invalidPassword("Password must have lowercase characters")
        }
        if requireNumbers && !password.contains(where: { ("0"..."9").contains($0) }) {
            throw .invalidPassword("Password must have numeric characters")
        }
        if requireSymbols && !password.contains(where: { Self.symbols.contains($0) }) {
            throw .invalidPassword("Password must have symbol characters")
        }
    }

    /// A random password that satisfies this policy whatever it requires: at least twelve
    /// characters with every kind present. Symbols are limited to ones that need no quoting
    /// in JSON, shells or URLs' query strings, since people paste these from invitations.
    func temporaryPassword(using random: some RandomSource) -> String {
        let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), lower = Array("abcdefghijkmnopqrstuvwxyz")
        let digits = Array("23456789"), marks = Array("!#%*+-.=?@^_~")
        let all = upper + lower + digits + marks
        var characters = [random.element(of: upper), random.element(of: lower), random.element(of: digits), random.element(of: marks)]
        while characters.count < max(minimumLength, 12) {
            characters.append(random.element(of: all))
        }
        var generator = random.generator
        return String(characters.shuffled(using: &generator))
    }
}

/// A salted PBKDF2-HMAC-SHA256 digest of a password, with the iteration count it was made
/// with, so the count can be raised later without invalidating stored passwords.
struct PasswordHash: Sendable, Equatable {
    let salt: [UInt8]
    let iterations: Int
    let digest: [UInt8]

    static let saltLength = 16
    static let digestLength = 32

    /// Hashes `password` under a fresh salt from `random`.
    static func make(_ password: String, iterations: Int, random: some RandomSource) -> PasswordHash {
        let salt = random.bytes(saltLength)
        return PasswordHash(salt: salt, iterations: iterations, digest: derive(password, salt: salt, iterations: iterations))
    }

    /// Whether `password` is the one hashed, compared in constant time.
    func matches(_ password: String) -> Bool {
        ConstantTime.equals(Self.derive(password, salt: salt, iterations: iterations), digest)
    }

    private static func derive(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations, keyLength: digestLength)
    }
}
