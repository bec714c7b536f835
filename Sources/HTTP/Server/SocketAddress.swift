#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One resolved TCP address, copied out of `getaddrinfo`'s list so the list can be freed at once.
struct SocketAddress {
    let family: Int32
    private var storage: sockaddr_storage
    let length: socklen_t

    /// Resolves `host` (a name or a numeric IPv4/IPv6 address) and `port` for a stream socket.
    ///
    /// `passive` asks for addresses suitable for `bind`. Failure carries `gai_strerror`'s text.
    static func resolve(host: String, port: Int, passive: Bool) -> Result<[SocketAddress], ResolveFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            return .failure(ResolveFailure(message: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let info = cursor {
            if let address = info.pointee.ai_addr {
                var storage = sockaddr_storage()
                let length = min(Int(info.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: length))
                }
                addresses.append(SocketAddress(family: info.pointee.ai_family, storage: storage, length: socklen_t(length)))
            }
            cursor = info.pointee.ai_next
        }
        if addresses.isEmpty { return .failure(ResolveFailure(message: "no address found")) }
        return .success(addresses)
    }

    struct ResolveFailure: Error {
        let message: String
    }

    /// Calls `body` with this address as the `sockaddr` pointer the socket calls take.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    /// The local port a socket is bound to, read back with `getsockname` (how port 0 becomes real).
    static func localPort(of fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutableBytes(of: &storage) { raw in
            getsockname(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
        }
        guard status == 0 else { return nil }
        return withUnsafeBytes(of: storage) { raw -> Int? in
            switch Int32(storage.ss_family) {
            case AF_INET: Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            case AF_INET6: Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            default: nil
            }
        }
    }
}
