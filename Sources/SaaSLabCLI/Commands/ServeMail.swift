import Cognito
import Dispatch
import Synchronization

/// The messages user pools send while `saaslab serve` runs (a tenant admin's temporary
/// password, codes), printed on its standard output as they go out, the way a development mail
/// catcher shows mail: a participant in the browser reads their first password here.
///
/// Pools call the delivery under their engine's lock, so lines go through a serial queue and
/// the request never waits for the terminal. Nothing is printed before ``start()``, which
/// `serve` calls once its banner is out: what was sent before is the app's own set-up (the system
/// admin's invitation, whose password the banner's permanent one replaced).
final class ServeMail: Sendable {
    private let queue = DispatchQueue(label: "saaslab.serve.mail")
    private let console: Console
    private let started = Atomic<Bool>(false)

    init(console: Console) {
        self.console = console
    }

    /// What the pools are given.
    var delivery: MessageDelivery {
        { [self] poolId, message in
            guard started.load(ordering: .acquiring) else { return }
            let line = Self.line(poolId: poolId, message: message)
            queue.async { [console] in console.line(line) }
        }
    }

    /// Prints what is sent from now on.
    func start() {
        started.store(true, ordering: .releasing)
    }

    /// `mail  to a@example.com (EMAIL) for alice in us-east-1_Ab12: temporary password ...`.
    static func line(poolId: String, message: OutboxMessage) -> String {
        let what = switch message.purpose {
        case .invitation: "temporary password \(message.temporaryPassword ?? "")"
        case .confirmationCode: "sign-up confirmation code \(message.code ?? "")"
        case .verificationCode: "verification code \(message.code ?? "")"
        case .passwordReset: "password reset code \(message.code ?? "")"
        }
        let to = message.destination.map { "to \($0) (\(message.deliveryMedium))" } ?? "not sent (\(message.deliveryMedium): the user has no address for it)"
        return "  mail        \(to) for \(message.username) in \(poolId): \(what)"
    }
}
