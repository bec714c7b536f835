#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// The only way into the event loop's thread: finished responses and the shutdown request.
///
/// Posting appends under a mutex and writes one byte to a pipe the loop polls, but only when no
/// wake-up is already pending, so a burst of responses costs one write and one read in total.
final class LoopMailbox: Sendable {
    /// A serialised response for a connection, and whether to close it once written.
    struct Completion: Sendable {
        let connection: UInt64
        let bytes: [UInt8]
        let close: Bool
    }

    private struct Box {
        var completions: [Completion] = []
        var wakePending = false
        var shutdownRequested = false
        var closed = false
    }

    private let box = Mutex(Box())
    /// The read end of the wake-up pipe, which the loop polls.
    let wakeReadFD: Int32
    private let wakeWriteFD: Int32
    /// True once shutdown begins: responses serialised from then on say `Connection: close`.
    let draining = Atomic<Bool>(false)
    /// Connections accepted so far; tests read it to observe keep-alive reuse.
    let acceptedConnections = Atomic<Int>(0)
    /// Connections open right now; tests read it to see the server close one.
    let openConnections = Atomic<Int>(0)
    /// Bytes of the body budget reserved after the loop's last turn; tests read it to see
    /// reservations taken and given back.
    let reservedBodyBytes = Atomic<Int>(0)

    init() throws(HTTPServerError) {
        guard let pipe = POSIX.makePipe() else {
            throw HTTPServerError("cannot create the event loop's wake-up pipe: \(POSIX.errorText(errno))")
        }
        wakeReadFD = pipe.read
        wakeWriteFD = pipe.write
    }

    /// Hands a response to the loop; dropped if the loop has already stopped.
    func post(_ completion: Completion) {
        box.withLock { box in
            guard !box.closed else { return }
            box.completions.append(completion)
            wake(&box)
        }
    }

    func requestShutdown() {
        box.withLock { box in
            guard !box.closed else { return }
            box.shutdownRequested = true
            wake(&box)
        }
    }

    /// Takes everything posted so far. The loop drains the pipe first, so a post racing with
    /// this either lands in this batch or writes a fresh wake-up byte.
    func take() -> (completions: [Completion], shutdown: Bool) {
        box.withLock { box in
            var taken: [Completion] = []
            swap(&taken, &box.completions)
            box.wakePending = false
            return (taken, box.shutdownRequested)
        }
    }

    func drainWakePipe() {
        var sink: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        while withUnsafeMutableBytes(of: &sink, { read(wakeReadFD, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Closes the pipe. Done under the lock so that no late post writes into a descriptor
    /// number the process may already have reused for something else.
    func close() {
        box.withLock { box in
            guard !box.closed else { return }
            box.closed = true
            box.completions = []
            Glibc.close(wakeReadFD)
            Glibc.close(wakeWriteFD)
        }
    }

    private func wake(_ box: inout Box) {
        guard !box.wakePending else { return }
        box.wakePending = true
        var byte: UInt8 = 1
        _ = write(wakeWriteFD, &byte, 1)
    }
}
