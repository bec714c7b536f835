import Backend
import HTTP
import Testing
@testable import WebClient

/// How the backend serves the web client: `GET /` for a browser, the files under
/// `/_saaslab/web/`, each with the headers that keep it safe, and the AWS Query API unchanged.
@Suite struct WebClientRoutesTests {
    let router = Backend().router

    @Test func aBrowsersGetOfTheRootIsThePage() async throws {
        let response = await router.respond(to: HTTPRequest(method: "GET", target: "/"))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.bodyText.hasPrefix("<!doctype html>"))
        #expect(response.headers["Content-Security-Policy"] == WebClient.contentSecurityPolicy)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        let head = await router.respond(to: HTTPRequest(method: "HEAD", target: "/"))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test func thePolicyAllowsThisOriginOnlyAndNoInlineCode() {
        let policy = WebClient.contentSecurityPolicy
        #expect(policy.hasPrefix("default-src 'none'"))
        #expect(policy.contains("script-src 'self'"))
        #expect(policy.contains("connect-src 'self'"))
        #expect(policy.contains("frame-ancestors 'none'"))
        #expect(!policy.contains("unsafe"))
        #expect(!policy.contains("*"))
    }

    /// AWS Query calls share `GET /`: with an `Action` or a signature they still reach the
    /// front door, never the page.
    @Test func awsQueryCallsOnTheRootStillReachThePlatform() async {
        let query = await router.respond(to: HTTPRequest(method: "GET", target: "/?Action=ListUsers&Version=2010-05-08"))
        #expect(query.status == 403)
        #expect(query.bodyText.contains("<ErrorResponse"))
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00")
        let signed = await router.respond(to: HTTPRequest(method: "GET", target: "/", headers: headers))
        #expect(!signed.bodyText.hasPrefix("<!doctype html>"))
        #expect(signed.status >= 400)
    }

    @Test func everyFileIsServedWithItsTypeAndThePolicy() async {
        for file in WebClientFiles.files {
            let response = await router.respond(to: HTTPRequest(method: "GET", target: WebClient.prefix + file.path))
            #expect(response.status == 200, "\(file.path)")
            #expect(response.body == file.bytes, "\(file.path)")
            #expect(response.headers["Content-Type"] == file.contentType, "\(file.path)")
            #expect(response.headers["Content-Security-Policy"] == WebClient.contentSecurityPolicy, "\(file.path)")
        }
    }

    /// A reload revalidates: the tag the file was served with gets 304 and no body; any other
    /// tag, the file.
    @Test func aKnownEntityTagIsNotModified() async throws {
        let first = await router.respond(to: HTTPRequest(method: "GET", target: WebClient.prefix + "js/app.js"))
        let tag = try #require(first.headers["ETag"])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && tag.count == 26)
        for sent in [tag, "\"other\", \(tag)", "*"] {
            var headers = HTTPHeaders()
            headers.add(name: "If-None-Match", value: sent)
            let again = await router.respond(to: HTTPRequest(method: "GET", target: WebClient.prefix + "js/app.js", headers: headers))
            #expect(again.status == 304, "\(sent)")
            #expect(again.body.isEmpty)
        }
        var headers = HTTPHeaders()
        headers.add(name: "If-None-Match", value: "\"stale\"")
        let changed = await router.respond(to: HTTPRequest(method: "GET", target: WebClient.prefix + "js/app.js", headers: headers))
        #expect(changed.status == 200)
        #expect(changed.body == first.body)
        let css = await router.respond(to: HTTPRequest(method: "GET", target: WebClient.prefix + "app.css"))
        #expect(css.headers["ETag"] != tag)
    }

    @Test(arguments: ["nope.js", "../Package.swift", "js/../../index.html", "%2e%2e/index.html", "js", "", "index.html%00.js"])
    func anythingElseUnderThePrefixIs404(_ path: String) async {
        let response = await router.respond(to: HTTPRequest(method: "GET", target: WebClient.prefix + path))
        #expect(response.status == 404, "\(path)")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func theAppsOwnRoutesAreUnchanged() async {
        let health = await router.respond(to: HTTPRequest(method: "GET", target: "/health"))
        #expect(health.bodyText == #"{"status":"ok"}"#)
        let products = await router.respond(to: HTTPRequest(method: "GET", target: "/products"))
        #expect(products.status == 401)
    }
}
