import Backend
import Core
import Foundation
import HTTP
import SigV4
import Testing

/// docs/platform.md's error shapes are what the platform sends: each documented example
/// (`<!-- error-shape: NAME -->` before an `http` block) is the response to a request made here.
@Suite struct DocumentedErrorShapesTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/platform.md").path

    /// One documented response: status, the headers shown, body.
    struct Example {
        let name: String
        let status: Int
        let headers: [(name: String, value: String)]
        let body: String
    }

    static let marker = "<!-- error-shape: "

    /// The examples in `text`, in order.
    static func examples(in text: String) -> [Example] {
        var examples: [Example] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let start = lines.firstIndex(where: { $0.hasPrefix(marker) }) {
            let name = String(lines[start].dropFirst(marker.count).prefix { $0 != " " })
            lines = lines[(start + 1)...]
            guard lines.first == "```http", let end = lines.dropFirst().firstIndex(of: "```") else { break }
            let block = Array(lines[(lines.startIndex + 1)..<end])
            lines = lines[(end + 1)...]
            guard let statusLine = block.first, let status = Int(statusLine.dropFirst("HTTP/1.1 ".count)),
                  let blank = block.firstIndex(of: "") else { continue }
            let headers = block[1..<blank].compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            examples.append(Example(name: name, status: status, headers: headers, body: block[(blank + 1)...].joined(separator: "\n")))
        }
        return examples
    }

    /// The request behind each documented example, on a fresh seeded backend.
    static func response(for name: String) async throws -> HTTPResponse? {
        var client = PlatformClient()
        switch name {
        case "dynamodb-service":
            return try await client.json("dynamodb", target: "DynamoDB_20120810", version: "1.0", "DescribeTable", ["TableName": "Nope"]).response
        case "dynamodb-access-denied":
            _ = try await client.query("iam", "CreateUser", [("UserName", "reader")])
            let key = try await client.query("iam", "CreateAccessKey", [("UserName", "reader")])
            client.credentials = AWSCredentials(
                accessKeyId: try #require(PlatformClient.element("AccessKeyId", in: key)),
                secretAccessKey: try #require(PlatformClient.element("SecretAccessKey", in: key)))
            return try await client.json("dynamodb", target: "DynamoDB_20120810", version: "1.0", "GetItem", [
                "TableName": "Product", "Key": ["id": ["S": "p1"]],
            ]).response
        case "cognito-idp-service":
            return try await client.json("cognito-idp", target: "AWSCognitoIdentityProviderService", version: "1.1", "DescribeUserPool", [
                "UserPoolId": "us-east-1_nope",
            ]).response
        case "iam-service":
            return try await client.query("iam", "GetRole", [("RoleName", "Nope")])
        case "sts-authentication":
            client.credentials = AWSCredentials(accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "not-a-secret")
            return try await client.query("sts", "GetCallerIdentity")
        case "saaslab-route":
            let request = HTTPRequest(method: "GET", target: "/_saaslab/outbox/us-east-1_nope", headers: ["Host": "127.0.0.1:8080"])
            return try await InProcessClient(responder: client.backend.router).send(request)
        default:
            return nil
        }
    }

    static let documented = examples(in: (try? String(contentsOfFile: docs, encoding: .utf8)) ?? "")

    @Test func thePageShowsAnExampleOfEveryProtocolAndOfSaaslabsOwnRoutes() {
        #expect(Self.documented.map(\.name) == [
            "dynamodb-service", "dynamodb-access-denied", "cognito-idp-service", "iam-service", "sts-authentication", "saaslab-route",
        ])
    }

    @Test(arguments: documented.map(\.name))
    func aDocumentedErrorIsWhatThePlatformSends(_ name: String) async throws {
        let example = try #require(Self.documented.first { $0.name == name })
        let response = try #require(try await Self.response(for: name), "no request for the documented example \(name)")
        #expect(response.status == example.status, "\(name)")
        for (header, value) in example.headers {
            #expect(response.headers[header] == value, "\(name): \(header)")
        }
        if example.headers.contains(where: { $0.name == "x-amzn-ErrorType" }) || example.body.hasPrefix("<") {
            #expect(response.headers["x-amzn-RequestId"] != nil && response.headers["x-amz-request-id"] == response.headers["x-amzn-RequestId"])
        }
        // The page shows a request id; the response has its own.
        var expected = example.body
        if let open = expected.range(of: "<RequestId>"), let close = expected.range(of: "</RequestId>"), let id = response.headers["x-amzn-RequestId"] {
            expected.replaceSubrange(open.upperBound..<close.lowerBound, with: id)
        }
        #expect(response.bodyText == expected, "\(name)")
    }
}
