import Backend
import Cognito
import Core

extension BackendConfig {
    /// The backend options every command that starts a backend shares: `--operator-key`,
    /// `--account`, `--region`, `--seed`, and `--admin-password` where a command offers it.
    init(arguments: ParsedArguments) throws(UsageError) {
        self.init()
        if let key = arguments.value("operator-key") {
            let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, (16...128).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                  !parts[1].isEmpty else {
                throw UsageError("--operator-key expects AKID:SECRET (an access key id of 16 to 128 letters and digits, a colon, a secret), got '\(key)'")
            }
            operatorKey = (parts[0], parts[1])
        }
        if let account = arguments.value("account") {
            guard account.count == 12, account.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw UsageError("--account expects a 12-digit account id, got '\(account)'")
            }
            accountId = account
        }
        if let region = arguments.value("region") {
            guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw UsageError("--region expects a region name such as us-east-1, got '\(region)'")
            }
            self.region = region
        }
        if let password = arguments.value("admin-password") {
            guard !password.isEmpty else { throw UsageError("--admin-password expects the system admin's password") }
            // The system admin's pool has Cognito's default policy (as the app's pool template
            // does): a password it refuses would stop the SaaS app's bootstrap, so refuse it here.
            do throws(CognitoError) {
                try PasswordPolicy().check(password, member: "--admin-password")
            } catch {
                throw UsageError("--admin-password must satisfy the user pool's password policy (8 characters or more, with upper and lower case letters, a digit and a symbol): \(error.message)")
            }
            systemAdmin.password = password
        }
        if let seed = arguments.value("seed") {
            guard let number = UInt64(seed) else {
                throw UsageError("--seed expects a whole number from 0 to \(UInt64.max), got '\(seed)'")
            }
            random = SeededRandomSource(seed: number)
        }
    }
}
