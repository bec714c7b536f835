#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Starts a detached POSIX thread, for loops that block in `poll` and must stay off the
/// cooperative thread pool (Foundation's `Thread` would do too, but HTTP doesn't need Foundation).
enum IOThread {
    static func start(stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void) throws(HTTPServerError) {
        let context = Unmanaged.passRetained(ThreadBody(body))
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
        let status = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, context.toOpaque())
        guard status == 0 else {
            context.release()
            throw HTTPServerError("cannot start the server's I/O thread: \(POSIX.errorText(status))")
        }
        pthread_detach(thread)
    }
}

private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }
}
