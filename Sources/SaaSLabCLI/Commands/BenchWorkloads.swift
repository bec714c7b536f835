import Backend
import Core
import Foundation
import HTTP
import IAM
import SigV4
import Synchronization

/// The workloads `saaslab bench` measures, each set up once and returned as a closure.
enum BenchWorkloads {
    /// Hashes 1 MiB a call; returns the bytes hashed.
    static func sha256() -> () -> Int {
        let block = [UInt8](repeating: 0x61, count: 1 << 20)
        return { Sink.keep(SHA256.hash(block)[0]); return block.count }
    }

    /// One HMAC-SHA256 of a 64-byte message under a 32-byte key, as SigV4 does four times.
    static func hmac() -> () -> Void {
        let key = [UInt8](repeating: 0x0b, count: 32)
        let message = [UInt8](repeating: 0x5c, count: 64)
        return { Sink.keep(HMACSHA256.authenticate(message, key: key)[0]) }
    }

    /// Signs a DynamoDB-shaped request and verifies it, as the SaaS app and platform do per call.
    static func sigV4SignAndVerify() -> () -> Void {
        let credentials = AWSCredentials(
            accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: nil
        )
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "dynamodb")
        let verifier = SigV4Verifier()
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let template = HTTPRequest(
            method: "POST", target: "/",
            headers: [
                "Host": "127.0.0.1:8080",
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": "DynamoDB_20120810.Query",
            ],
            text: #"{"TableName":"Product","KeyConditionExpression":"tenant_id = :t","ExpressionAttributeValues":{":t":{"S":"TENANTa1b2"}}}"#
        )
        let secret = SigV4Secret(secretAccessKey: credentials.secretAccessKey)
        return {
            var request = template
            do {
                try signer.sign(&request, at: now)
                let verified = try verifier.verify(request, now: now) { _ in secret }
                Sink.keep(UInt8(truncatingIfNeeded: verified.accessKeyId.utf8.count))
            } catch {
                fatalError("bench: sigv4 round trip failed: \(error)")
            }
        }
    }

    /// Dispatches one request through a router shaped like the SaaS app's, without its
    /// middleware: the routing itself.
    static func routerDispatch() -> () async -> Void {
        var router = Router()
        for resource in ["user", "tenant", "product", "order", "metering", "admin", "reg", "auth"] {
            router.get("/\(resource)") { _, _ in HTTPResponse(status: 200) }
            router.post("/\(resource)") { _, _ in HTTPResponse(status: 201) }
            router.get("/\(resource)/:id") { _, _ in HTTPResponse(status: 200) }
            router.put("/\(resource)/:id") { _, _ in HTTPResponse(status: 200) }
            router.delete("/\(resource)/:id") { _, _ in HTTPResponse(status: 204) }
        }
        router.get("/user/pool/:userName") { _, context in HTTPResponse.text(try context.pathParameter("userName")) }
        let request = HTTPRequest(method: "GET", target: "/user/pool/tenant-admin%40example.com")
        let frozen = router
        return { Sink.keep(UInt8(truncatingIfNeeded: await frozen.respond(to: request).status)) }
    }

    /// Decides a tenant's Query against the lab's three-statement TenantAdmin policy, whose
    /// product statement carries the `dynamodb:LeadingKeys` condition.
    static func policyEvaluation() -> () -> Void {
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table"
        let policy: PolicyDocument
        do {
            policy = try PolicyDocument("""
            {"Version":"2012-10-17","Statement":[
            {"Sid":"TenantUsers","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],
             "Resource":"\(table)/User","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}},
            {"Sid":"TenantOrders","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],
             "Resource":"\(table)/Order","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}},
            {"Sid":"ProductTable","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],
             "Resource":"\(table)/Product","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}}]}
            """, name: "TenantAdmin")
        } catch {
            fatalError("bench: policy does not parse: \(error)")
        }
        let set = PolicySet(identityPolicies: [policy])
        let request = AuthorizationRequest(
            principal: .init(arn: "arn:aws:sts::123456789012:assumed-role/TenantAdmin/tenant-a"),
            action: "dynamodb:Query", resource: "\(table)/Product",
            context: ["dynamodb:LeadingKeys": ["TENANTa"]], principalTags: ["tenant_id": "TENANTa"],
            currentTime: Date(timeIntervalSince1970: 1_700_000_000)
        )
        return { Sink.keep(set.evaluate(request).isAllowed ? 1 : 0) }
    }

    /// Parses an IAM policy document; returns the bytes parsed.
    static func jsonParse() -> () -> Int {
        let policy = Array("""
        {"Version":"2012-10-17","Statement":[{"Sid":"TenantProducts","Effect":"Allow",
        "Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query","dynamodb:UpdateItem"],
        "Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/Product"],
        "Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}}]}
        """.utf8)
        return {
            do {
                Sink.keep(try JSON.parse(bytes: policy).isNull ? 1 : 0)
            } catch {
                fatalError("bench: json parse failed: \(error)")
            }
            return policy.count
        }
    }
}

/// Keeps benchmark results observable so the optimiser cannot drop the work.
enum Sink {
    static let value = Atomic<UInt64>(0)
    @inline(never) static func keep(_ byte: UInt8) { value.add(UInt64(byte), ordering: .relaxed) }
}
