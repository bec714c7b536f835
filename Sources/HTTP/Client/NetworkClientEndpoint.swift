import Core
/// The server a `NetworkClient` talks to, parsed from `http://host[:port][/path]`.
struct NetworkClientEndpoint: Sendable {
    /// The host to resolve: a name, an IPv4 address, or an IPv6 address without brackets.
    let host: String
    let port: Int
    /// A path prefix put before every request target, without a trailing slash ("" for none).
    let basePath: String
    /// The `Host` header value: the authority exactly as written in the URL.
    let hostHeader: String

    /// `host:port` for messages, e.g. "127.0.0.1:8080".
    var authority: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    init(parsing url: String) throws(NetworkClientError) {
        let lowered = ASCII.lowercased(url)
        if lowered.hasPrefix("https://") {
            throw NetworkClientError(.invalidURL,
                "https is not supported: saaslab's network client speaks plain HTTP only; use http://HOST:PORT (got \(url))")
        }
        guard lowered.hasPrefix("http://") else {
            throw NetworkClientError(.invalidURL, "expected a base URL like http://127.0.0.1:8080, got \"\(url)\"")
        }
        let rest = url.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        while path.hasSuffix("/") { path.removeLast() }
        func invalid(_ reason: String) -> NetworkClientError {
            NetworkClientError(.invalidURL, "invalid base URL \"\(url)\": \(reason)")
        }
        guard !path.contains("?"), !path.contains("#") else { throw invalid("a query or fragment is not allowed") }
        guard !authority.contains("@") else { throw invalid("user information is not supported") }
        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("unclosed IPv6 bracket") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address") }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { throw invalid("no host") }
        var port = 80
        if let portPart {
            guard let parsed = Int(portPart), (1...65535).contains(parsed) else {
                throw invalid("the port must be a number between 1 and 65535")
            }
            port = parsed
        }
        host = String(hostPart)
        self.port = port
        basePath = path
        hostHeader = String(authority)
    }
}
