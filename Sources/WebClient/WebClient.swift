import Foundation
import HTTP

/// The SaaS app's web client: plain HTML, CSS and JavaScript built into saaslab (from web/), for
/// a participant's browser. It talks only to the app's REST API, with the ID token of
/// `POST /auth` kept in `sessionStorage`; see docs/web-client.md.
///
/// Every file is served with a Content-Security-Policy that allows scripts, styles and
/// requests from this origin only and no inline script or style, so even a defect that put a
/// tenant's product name into the page as HTML could not run it.
public enum WebClient {
    /// Where the client's files are served from: `/_saaslab/web/<path under web/>`.
    public static let prefix = "/_saaslab/web/"

    /// The policy every file is served with. `img-src data:` only for the empty favicon, so a
    /// browser asks for no `/favicon.ico`.
    public static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// The files by path under web/, each with its entity tag (computed once).
    static let files: [String: (file: WebClientFile, entityTag: String)] = Dictionary(
        WebClientFiles.files.map { ($0.path, ($0, $0.entityTag)) }, uniquingKeysWith: { first, _ in first }
    )

    /// Total bytes of the client, for its size budget.
    public static var size: Int { WebClientFiles.files.reduce(0) { $0 + $1.bytes.count } }

    /// Registers `GET /_saaslab/web/*` on `router`. The page itself, `GET /`, shares its path
    /// with the AWS Query API, so the front door hands it ``page`` (see
    /// ``isPageRequest(_:)``).
    public static func register(on router: inout Router) {
        router.get(prefix + "*") { request, context in
            file(try context.pathParameter("*"), ifNoneMatch: request.headers["If-None-Match"])
        }
    }

    /// Whether a `GET /` asks for the page rather than an AWS operation: no query string and
    /// no signature. No AWS SDK sends that; an AWS Query call always names its `Action`.
    public static func isPageRequest(_ request: HTTPRequest) -> Bool {
        request.rawQuery.isEmpty && !request.headers.contains("Authorization")
    }

    /// The client's page, `index.html`.
    public static var page: HTTPResponse { file("index.html") }

    /// One file, or 404; 304 when `ifNoneMatch` names its current tag. Paths are looked up as
    /// given, so `..` or an encoded slash names no file.
    static func file(_ path: String, ifNoneMatch: String? = nil) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Security-Policy", value: contentSecurityPolicy)
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        headers.add(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        // The client changes only with saaslab itself; revalidating each time keeps an
        // upgraded saaslab from serving a mix of old and new files.
        headers.add(name: "Cache-Control", value: "no-cache")
        guard let (file, entityTag) = files[path], let type = file.contentType else {
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
            return HTTPResponse(status: 404, headers: headers, body: Array("saaslab's web client has no file '\(path)'\n".utf8))
        }
        headers.add(name: "ETag", value: entityTag)
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == entityTag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return HTTPResponse(status: 304, headers: headers)
        }
        headers.add(name: "Content-Type", value: type)
        return HTTPResponse(status: 200, headers: headers, body: file.bytes)
    }
}
