import Backend
import Core
import Foundation
import HTTP
import Testing

/// SimulateCustomPolicy and SimulatePrincipalPolicy page their results as AWS does:
/// `MaxItems` (1 to 1000, 100 when absent), `IsTruncated` and an opaque `Marker`.
@Suite struct PlatformSimulationPagingTests {
    static let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:Get*","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/T1*"}]}"#

    static func actions(_ count: Int) -> [String] { (0..<count).map { "dynamodb:\($0.isMultiple(of: 2) ? "Get" : "Put")Item\($0)" } }
    static func resources(_ count: Int) -> [String] { (0..<count).map { "arn:aws:dynamodb:us-east-1:123456789012:table/T\($0)" } }

    /// One page of SimulateCustomPolicy.
    static func simulate(
        _ client: PlatformClient, actions: [String], resources: [String], maxItems: String? = nil, marker: String? = nil
    ) async throws -> HTTPResponse {
        var parameters = [("PolicyInputList.member.1", policy)]
        parameters += actions.enumerated().map { ("ActionNames.member.\($0.offset + 1)", $0.element) }
        parameters += resources.enumerated().map { ("ResourceArns.member.\($0.offset + 1)", $0.element) }
        if let maxItems { parameters.append(("MaxItems", maxItems)) }
        if let marker { parameters.append(("Marker", marker)) }
        return try await client.query("iam", "SimulateCustomPolicy", parameters)
    }

    /// A page's results as `action resource decision` lines.
    static func results(_ page: HTTPResponse) -> [String] {
        let names = PlatformClient.elements("EvalActionName", in: page)
        let resources = PlatformClient.elements("EvalResourceName", in: page)
        let decisions = PlatformClient.elements("EvalDecision", in: page)
        return names.indices.map { "\(names[$0]) \(resources[$0]) \(decisions[$0])" }
    }

    /// Follows markers from the first page to the last, checking each page's flags.
    static func allPages(
        _ client: PlatformClient, actions: [String], resources: [String], maxItems: String?
    ) async throws -> (results: [String], sizes: [Int]) {
        var results: [String] = []
        var sizes: [Int] = []
        var marker: String?
        repeat {
            let page = try await simulate(client, actions: actions, resources: resources, maxItems: maxItems, marker: marker)
            #expect(page.status == 200, "\(page.bodyText)")
            results += Self.results(page)
            sizes.append(Self.results(page).count)
            marker = PlatformClient.element("Marker", in: page)
            #expect(PlatformClient.element("IsTruncated", in: page) == (marker == nil ? "false" : "true"))
        } while marker != nil && sizes.count < 100
        return (results, sizes)
    }

    @Test func pagesConcatenateToTheWholeResult() async throws {
        let client = PlatformClient()
        let (actions, resources) = (Self.actions(7), Self.resources(5))
        let whole = try await Self.simulate(client, actions: actions, resources: resources, maxItems: "1000")
        #expect(PlatformClient.element("IsTruncated", in: whole) == "false")
        #expect(PlatformClient.element("Marker", in: whole) == nil)
        let expected = actions.flatMap { action in
            resources.map { resource in
                let allowed = action.contains(":Get") && resource.hasSuffix("/T1")
                return "\(action) \(resource) \(allowed ? "allowed" : "implicitDeny")"
            }
        }
        #expect(Self.results(whole) == expected)
        let paged = try await Self.allPages(client, actions: actions, resources: resources, maxItems: "8")
        #expect(paged.sizes == [8, 8, 8, 8, 3])
        #expect(paged.results == expected)
        let single = try await Self.allPages(client, actions: actions, resources: resources, maxItems: "1")
        #expect(single.sizes == Array(repeating: 1, count: 35) && single.results == expected)
    }

    @Test func withoutMaxItemsAPageHoldsAHundred() async throws {
        let paged = try await Self.allPages(PlatformClient(), actions: Self.actions(11), resources: Self.resources(10), maxItems: nil)
        #expect(paged.sizes == [100, 10])
    }

    @Test func maxItemsOutsideOneToAThousandIsRefused() async throws {
        let client = PlatformClient()
        for (value, constraint) in [("0", "greater than or equal to 1"), ("1001", "less than or equal to 1000")] {
            let page = try await Self.simulate(client, actions: Self.actions(2), resources: Self.resources(2), maxItems: value)
            #expect(page.status == 400)
            #expect(PlatformClient.element("Code", in: page) == "ValidationError")
            #expect(PlatformClient.element("Message", in: page)?.replacingOccurrences(of: "&apos;", with: "'")
                == "1 validation error detected: Value '\(value)' at 'maxItems' failed to satisfy constraint: Member must have value \(constraint)")
        }
    }

    @Test func aMarkerThisRequestDidNotHandOutIsRefused() async throws {
        let client = PlatformClient()
        let (actions, resources) = (Self.actions(3), Self.resources(3))
        let first = try await Self.simulate(client, actions: actions, resources: resources, maxItems: "2")
        let marker = try #require(PlatformClient.element("Marker", in: first))
        let otherRequest = Self.resources(4)
        let forged = Base64URL.encode(Array("5:0000000000000000".utf8))
        for (marker, resources) in [("garbage", resources), (marker, otherRequest), (forged, resources), ("", resources)] {
            let page = try await Self.simulate(client, actions: actions, resources: resources, maxItems: "2", marker: marker)
            #expect(page.status == 400, "\(marker)")
            #expect(PlatformClient.element("Code", in: page) == "ValidationError")
            #expect(PlatformClient.element("Message", in: page) == "Invalid Marker.")
        }
    }

    /// A page costs its own results, not the request's: a million pairs, paged by ten, are
    /// answered at once (evaluating every pair for each page would take minutes).
    @Test func aPageEvaluatesOnlyItsOwnResults() async throws {
        let client = PlatformClient()
        let (actions, resources) = (Self.actions(1000), Self.resources(1000))
        let first = try await Self.simulate(client, actions: actions, resources: resources, maxItems: "10")
        #expect(Self.results(first).count == 10 && PlatformClient.element("IsTruncated", in: first) == "true")
        let marker = try #require(PlatformClient.element("Marker", in: first))
        let second = try await Self.simulate(client, actions: actions, resources: resources, maxItems: "10", marker: marker)
        #expect(Self.results(second).first == "dynamodb:GetItem0 arn:aws:dynamodb:us-east-1:123456789012:table/T10 allowed")
    }

    @Test func simulatePrincipalPolicyPagesToo() async throws {
        let client = PlatformClient()
        _ = try await client.query("iam", "CreateUser", [("UserName", "reader")])
        _ = try await client.query("iam", "PutUserPolicy", [("UserName", "reader"), ("PolicyName", "read"), ("PolicyDocument", Self.policy)])
        var parameters = [("PolicySourceArn", "arn:aws:iam::123456789012:user/reader"), ("MaxItems", "2")]
        parameters += Self.actions(3).enumerated().map { ("ActionNames.member.\($0.offset + 1)", $0.element) }
        let first = try await client.query("iam", "SimulatePrincipalPolicy", parameters)
        #expect(Self.results(first).count == 2 && PlatformClient.element("IsTruncated", in: first) == "true", "\(first.bodyText)")
        let marker = try #require(PlatformClient.element("Marker", in: first))
        let last = try await client.query("iam", "SimulatePrincipalPolicy", parameters + [("Marker", marker)])
        #expect(Self.results(last) == ["dynamodb:GetItem2 * implicitDeny"])
        #expect(PlatformClient.element("IsTruncated", in: last) == "false" && PlatformClient.element("Marker", in: last) == nil)
    }
}
