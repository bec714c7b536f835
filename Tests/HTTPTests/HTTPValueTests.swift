import HTTP
import Testing

@Suite struct HTTPValueTests {
    @Test func headersAreCaseInsensitiveAndKeepOrderAndDuplicates() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add(name: "X-Amz-Meta", value: "b")
        headers.add(name: "x-amz-meta", value: "a")
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values(for: "X-AMZ-META") == ["b", "a"])
        #expect(headers.fields.map(\.name) == ["Content-Type", "X-Amz-Meta", "x-amz-meta"])
    }

    @Test func settingAHeaderReplacesEveryValue() {
        var headers: HTTPHeaders = ["A": "1"]
        headers.add(name: "a", value: "2")
        headers["A"] = "3"
        #expect(headers.values(for: "a") == ["3"])
        headers["a"] = nil
        #expect(headers.isEmpty)
    }

    @Test func connectionTokensAreFoundInLists() {
        let headers: HTTPHeaders = ["Connection": "keep-alive, Upgrade"]
        #expect(headers.hasToken("upgrade", in: "connection"))
        #expect(!headers.hasToken("close", in: "Connection"))
    }

    @Test func targetSplitsIntoPathAndQuery() {
        let request = HTTPRequest(method: "GET", target: "/user/pool/a%20b?tenant=t%201&flag&name=x+y")
        #expect(request.rawPath == "/user/pool/a%20b")
        #expect(request.path == "/user/pool/a b")
        #expect(request.rawQuery == "tenant=t%201&flag&name=x+y")
        #expect(request.queryItems.map(\.name) == ["tenant", "flag", "name"])
        #expect(request.query("tenant") == "t 1")
        #expect(request.query("flag") == "")
        #expect(request.query("name") == "x y")
        #expect(request.query("missing") == nil)
    }

    @Test func targetWithoutQueryHasEmptyQuery() {
        let request = HTTPRequest(method: "GET", target: "/health")
        #expect(request.rawQuery.isEmpty)
        #expect(request.queryItems.isEmpty)
    }
}
