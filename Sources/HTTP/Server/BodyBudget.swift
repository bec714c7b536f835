/// The bytes of request bodies the server holds at once, across every connection.
///
/// A body's bytes are reserved before they are buffered: its whole `Content-Length` when its
/// head ends, or each chunk's size as it is announced. A reservation that would take the total
/// past `limit` is refused (the request gets a 503), so many clients each stalling under a large
/// declared body cannot add up to more memory than this. The reservation is returned when the
/// request's response is back (the responder no longer holds the body), when the request is
/// refused, or when its connection dies. A body of known length is stored in exactly its length;
/// a chunked one grows by doubling, so its storage may reach twice what it reserved.
///
/// Only the event loop's thread touches it, like the connections that share it.
final class BodyBudget {
    let limit: Int
    private(set) var reserved = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `count` bytes from the budget, or returns false (and takes nothing) if they don't fit.
    func reserve(_ count: Int) -> Bool {
        guard count <= limit - reserved else { return false }
        reserved += count
        return true
    }

    func release(_ count: Int) {
        reserved -= count
        assert(reserved >= 0, "released more body bytes than were reserved")
    }
}
