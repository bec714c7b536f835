import Dispatch
import Foundation

/// Waits for the first of some POSIX signals, without a handler running on a signal stack:
/// the signals are ignored at the process level and delivered through Dispatch instead.
///
/// `@unchecked Sendable`: Dispatch sources are thread-safe objects, and the array holding them is
/// immutable after `init`; Dispatch's Linux overlay just does not declare them `Sendable`.
final class SignalWaiter: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    /// Returns once every source is registered: a source is activated asynchronously, and a
    /// signal arriving before that finds only `SIG_IGN` and is lost. A caller that announces
    /// itself (serve prints where it listens) then stops at the first signal sent after.
    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        let registered = DispatchSemaphore(value: 0)
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.setRegistrationHandler { registered.signal() }
            source.resume()
            return source
        }
        for _ in signals { registered.wait() }
    }

    /// The number of the first signal that arrives.
    func wait() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }

    /// Gives the signals their default action again, for a command that waits on them only
    /// for a while (`run` on the code track) and goes on after.
    func restoreDefaults() {
        sources.forEach { $0.cancel() }
        for source in sources { signal(Int32(source.handle), SIG_DFL) }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
