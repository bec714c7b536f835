import Cognito
import Dispatch
import Synchronization

/// The messages user pools send while `saaslab serve` runs (a tenant admin's temporary
/// password, codes), printed on its standard output as they go out, the way a development mail
/// catcher shows mail: a participant in the browser reads their first password here.
///
/// Pools call the delivery under their engine's lock, so lines go through a serial queue and
/// the request never waits for the terminal. The queue starts held, and ``start()`` lets it go
/// once the banner is out, so the system admin's set-up never prints before `listening on`.
final class ServeMail: Sendable {
    private let queue = DispatchQueue(label: "saaslab.serve.mail")
    private let console: Console
    private let started = Atomic<Bool>(false)

    init(console: Console) {
        self.console = console
        queue.suspend()
    }

    /// What the pools are given.
    var delivery: MessageDelivery {
        { [queue, console] poolId, message in
            let line = Self.line(poolId: poolId, message: message)
            queue.async { console.line(line) }
        }
    }

    /// Prints what was sent so far, and from now on as it is sent. Idempotent: every way out
    /// of `serve` calls it, since a queue must not end held.
    func start() {
        if !started.exchange(true, ordering: .relaxed) { queue.resume() }
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
