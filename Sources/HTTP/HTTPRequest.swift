import Core

/// An HTTP request as a value: what the router, the clients and the socket server exchange.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, upper case as sent (`GET`, `POST`, ...).
    public var method: String
    /// The request target in origin-form: percent-encoded path, then `?` and the raw query, as
    /// sent. (The socket server hands an absolute-form target, `http://host/path?q`, on as
    /// `/path?q`; `*` reaches no responder.)
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// A request whose body is the UTF-8 of `text`.
    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), text: String) {
        self.init(method: method, target: target, headers: headers, body: Array(text.utf8))
    }

    /// The path part of the target, still percent-encoded as on the wire.
    public var rawPath: String {
        if let mark = target.firstIndex(of: "?") { return String(target[..<mark]) }
        return target
    }

    /// The query part of the target without the `?`, still encoded; empty when there is none.
    public var rawQuery: String {
        if let mark = target.firstIndex(of: "?") { return String(target[target.index(after: mark)...]) }
        return ""
    }

    /// The path, percent-decoded.
    public var path: String { URLEncoding.decode(rawPath, plusAsSpace: false) }

    /// Query parameters in order, decoded the way HTML forms encode them (`+` is a space).
    public var queryItems: [(name: String, value: String)] {
        URLEncoding.parseForm(rawQuery)
    }

    /// The first query parameter named `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
