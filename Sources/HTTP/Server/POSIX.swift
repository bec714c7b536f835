#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Thin wrappers over the POSIX calls that the socket server and the network client share.
///
/// Everything here is non-blocking friendly: callers poll and retry rather than park a thread
/// inside the kernel without a deadline.
enum POSIX {
    /// The `strerror` text for `code`, e.g. "Address already in use".
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Whether `code` only means "try again later" on a non-blocking descriptor.
    static func isWouldBlock(_ code: Int32) -> Bool {
        code == EAGAIN || code == EWOULDBLOCK
    }

    /// Puts `fd` into non-blocking mode.
    @discardableResult
    static func setNonBlocking(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
    }

    /// Marks `fd` close-on-exec so that labs spawning processes don't leak our sockets into them.
    static func setCloseOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// Disables Nagle: every response goes out in one write, so waiting for more data only adds latency.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// `send` that reports a vanished peer as EPIPE instead of killing the process with SIGPIPE.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
    }

    /// Monotonic nanoseconds: timeouts must not jump when the wall clock is adjusted.
    static func monotonicNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// `seconds` as nanoseconds, clamped to a sane range (negative → 0, huge → ~30 years).
    static func nanos(seconds: Double) -> UInt64 {
        guard seconds > 0 else { return 0 }
        return UInt64(min(seconds, 1e9) * 1e9)
    }

    /// Milliseconds from `now` until `deadline` for `poll`, rounded up so we never wake early.
    static func pollTimeout(until deadline: UInt64, now: UInt64) -> Int32 {
        guard deadline > now else { return 0 }
        let millis = (deadline - now + 999_999) / 1_000_000
        return Int32(min(millis, UInt64(Int32.max)))
    }

    /// Creates a pipe whose both ends are non-blocking and close-on-exec.
    static func makePipe() -> (read: Int32, write: Int32)? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for fd in ends {
            setNonBlocking(fd)
            setCloseOnExec(fd)
        }
        return (ends[0], ends[1])
    }
}
