#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CMalloc

/// What a server changes about its process, so that the server's own limits (connections,
/// buffered bodies) are what clients meet, not the system's defaults.
public enum ProcessResources {
    /// The soft limit on open files before and after `raiseOpenFileLimit()`.
    public struct OpenFileLimit: Sendable, Equatable, CustomStringConvertible {
        public let before: Int
        public let after: Int

        /// "1024 -> 1048576", or just "1048576" when it was already there.
        public var description: String { before == after ? "\(after)" : "\(before) -> \(after)" }
    }

    /// Raises the soft RLIMIT_NOFILE to the hard limit, since every connection is a descriptor
    /// and the usual soft default of 1,024 is a few hundred slow clients. Where the hard limit
    /// is unlimited and the kernel refuses that, 1,048,576 (Linux's default `nr_open`) is tried.
    public static func raiseOpenFileLimit() -> OpenFileLimit {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return OpenFileLimit(before: 0, after: 0) }
        let before = limit.rlim_cur
        for target in [limit.rlim_max, min(limit.rlim_max, 1 << 20)] where target > limit.rlim_cur {
            var raised = limit
            raised.rlim_cur = target
            if setrlimit(resource, &raised) == 0 {
                limit = raised
                break
            }
        }
        return OpenFileLimit(before: Int(clamping: before), after: Int(clamping: limit.rlim_cur))
    }

    /// Has every allocation of 128 KiB or more mapped on its own and unmapped when freed.
    ///
    /// glibc raises that threshold each time such a block is freed, up to 32 MiB, after which
    /// large request bodies come from the heap, and a burst of them leaves hundreds of
    /// megabytes resident once freed. Setting the threshold turns that adjustment off.
    static func unmapLargeBuffersWhenFreed() {
        _ = unmappingLargeBuffers
    }

    private static let unmappingLargeBuffers: Void = {
        _ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    }()
}
