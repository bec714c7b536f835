import Core
import Foundation
@testable import IAM
import Testing

/// Patterns that made a backtracking matcher take exponential time. Each is decided here in
/// well under a second; matched by backtracking, each would take hours, so a test that
/// finishes is the proof that matching is polynomial.
@Suite struct WildcardComplexityTests {
    static let table = "arn:aws:dynamodb:us-east-1:123456789012:table/" + String(repeating: "Product", count: 60)
    /// A segment wildcard in the region, then 24 free stars before a `Z` the table lacks.
    static let manyStars = "arn:aws:dynamodb:u*1:*:table/" + String(repeating: "*", count: 24) + "Z"
    static let runOfA = String(repeating: "a", count: 400)
    /// `*a` forty times: every way of placing forty `a`s in the run is a backtracking branch.
    static let starA = String(repeating: "*a", count: 40)

    @Test func manyStarsAfterASegmentWildcard() {
        let pattern = Wildcard(Self.manyStars, mode: .resourceElement)
        #expect(!pattern.matches(Self.table))
        #expect(pattern.matches(Self.table + "Z"))
        #expect(!pattern.matches(Self.table.replacingOccurrences(of: "us-east-1", with: "us:east-1") + "Z"))
    }

    @Test("*a repeated against a run of a", arguments: [Wildcard.Mode.plain, .resourceElement, .arnCondition])
    func starARepeated(_ mode: Wildcard.Mode) {
        let pattern = Wildcard(Self.starA, mode: mode)
        #expect(pattern.matches(Self.runOfA))
        #expect(!pattern.matches(Self.runOfA + "b"))
        #expect(Wildcard(Self.starA + "b", mode: mode).matches(Self.runOfA + "b"))
        // Segment stars cannot cross the colon; plain ones (and a Resource star ending its
        // segment, which this last star is not) can.
        #expect(Wildcard(Self.starA, mode: mode).matches(Self.runOfA + ":a") == (mode == .plain))
    }

    /// The same patterns in a policy's Resource, NotResource, ArnLike and StringLike.
    @Test func pathologicalPatternsInAPolicy() throws {
        let long = "arn:aws:s3:::" + Self.runOfA
        let policy = try PolicyDocument(doc(
            #"{"Sid": "Tables", "Effect": "Allow", "Action": "dynamodb:Query", "Resource": "\#(Self.manyStars)"}"#,
            #"{"Sid": "NotTables", "Effect": "Deny", "Action": "dynamodb:Scan", "NotResource": "\#(Self.manyStars)"}"#,
            allow("s3:GetObject", "*", cond("ArnLike", "aws:SourceArn", #"["arn:aws:s?:::\#(Self.starA)b"]"#)),
            allow("s3:PutObject", "*", cond("StringLike", "s3:prefix", #"["\#(Self.starA)b"]"#)),
            allow("dynamodb:Scan")
        ), name: "Pathological")
        let set = PolicySet(identityPolicies: [policy])
        func decide(_ action: String, _ resource: String, _ context: [String: [String]] = [:]) -> Decision.Outcome {
            set.evaluate(Req(action, resource, context: context).build()).outcome
        }
        #expect(decide("dynamodb:Query", Self.table) == .implicitDeny)
        #expect(decide("dynamodb:Query", Self.table + "Z") == .allowed)
        #expect(decide("dynamodb:Scan", Self.table) == .explicitDeny)
        #expect(decide("dynamodb:Scan", Self.table + "Z") == .allowed)
        #expect(decide("s3:GetObject", "*", ["aws:SourceArn": [long]]) == .implicitDeny)
        #expect(decide("s3:GetObject", "*", ["aws:SourceArn": [long + "b"]]) == .allowed)
        #expect(decide("s3:PutObject", "*", ["s3:prefix": [Self.runOfA]]) == .implicitDeny)
        #expect(decide("s3:PutObject", "*", ["s3:prefix": [Self.runOfA + "b"]]) == .allowed)
    }

    /// Through the identity store, as a request to the platform would be decided.
    @Test func pathologicalResourceThroughTheIdentityStore() throws {
        let store = IdentityStoreTests.makeStore()
        try store.createUser(name: "tester")
        try store.putUserPolicy(userName: "tester", policyName: "Stars", document: doc(allow("dynamodb:Query", Self.manyStars)))
        let user = IAMPrincipal.user(try store.user(named: "tester"), accountId: store.accountId)
        #expect(!store.authorize(user, action: "dynamodb:Query", resource: Self.table).isAllowed)
        #expect(store.authorize(user, action: "dynamodb:Query", resource: Self.table + "Z").isAllowed)
    }
}
