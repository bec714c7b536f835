import Backend
import Cognito
import Core

/// The options of a backend the user configures, each declared once: `--operator-key`,
/// `--account`, `--region`, `--seed` and `--admin-password` (`serve` takes them all; `run`,
/// `grade` and `verify` take `--seed`), read back by ``BackendConfig/init(arguments:)``.
enum BackendOptions {
    static let operatorKey = Option<(accessKeyId: String, secretAccessKey: String)>(
        "operator-key", placeholder: "akid:secret", help: "The operator's access key (default AWS's example key AKIAIOSFODNN7EXAMPLE)."
    ) { (text: String) throws(InvalidValue) in
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, (16...128).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              !parts[1].isEmpty else {
            throw InvalidValue(expected: "AKID:SECRET (an access key id of 16 to 128 letters and digits, a colon, a secret)")
        }
        return (parts[0], parts[1])
    }

    static let account = Option<String>("account", placeholder: "id", help: "The 12-digit account id (default 123456789012).") {
        (text: String) throws(InvalidValue) in
        guard text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw InvalidValue(expected: "a 12-digit account id") }
        return text
    }

    static let region = Option<String>("region", placeholder: "name", help: "The region (default us-east-1).") {
        (text: String) throws(InvalidValue) in
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw InvalidValue(expected: "a region name such as us-east-1")
        }
        return text
    }

    /// One seed for ids, keys, tokens and (for a lab run) the clock; each command says what it fixes.
    static let seed = Option<UInt64>("seed", placeholder: "n", help: "Seed ids, keys and tokens for a reproducible run.")

    static let adminPassword = Option<String>(
        "admin-password", placeholder: "password", help: "The SaaS app's system admin password (default Admin-Passw0rd!)."
    ) { (text: String) throws(InvalidValue) in
        guard !text.isEmpty else { throw InvalidValue(expected: "the system admin's password", showsValue: false) }
        // The system admin's pool has Cognito's default policy (as the app's pool template
        // does): a password it refuses would stop the SaaS app's bootstrap, so refuse it here.
        do throws(CognitoError) {
            try PasswordPolicy().check(text, member: "--admin-password")
        } catch {
            throw InvalidValue(
                expected: "a password the user pool's policy accepts (8 characters or more, with upper and lower case letters, a digit and a symbol)",
                reason: error.message, showsValue: false)
        }
        return text
    }

    /// Every backend option, in the order help lists them.
    static let all: [any OptionKey] = [operatorKey, account, region, seed, adminPassword]
}

extension BackendConfig {
    /// The defaults, with what ``BackendOptions`` gave on the command line.
    init(arguments: ParsedArguments) {
        self.init()
        if let key = arguments[BackendOptions.operatorKey] { operatorKey = key }
        if let account = arguments[BackendOptions.account] { accountId = account }
        if let region = arguments[BackendOptions.region] { self.region = region }
        if let password = arguments[BackendOptions.adminPassword] { systemAdmin.password = password }
        if let seed = arguments[BackendOptions.seed] { random = SeededRandomSource(seed: seed) }
    }
}
