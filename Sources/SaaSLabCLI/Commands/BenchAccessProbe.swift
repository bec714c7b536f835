import Backend
import Core
import Foundation
import HTTP
import IAM
import SigV4

/// The access probe Lab 3 sends twice a run: a tenant admin's session, whose policy confines it
/// to its partition of the app's tables, probed against another tenant over the whole platform.
enum BenchAccessProbe {
    static func probe() async throws(CommandFailure) -> () async -> Void {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_767_225_600))
        // Bootstrapped, so the app's tables are there to probe.
        let backend = try await LabBackend.start(BackendConfig(clock: clock, random: SeededRandomSource(seed: 1)))
        let store = backend.identities
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#
        let statement = { (table: String) in
            #"{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:BatchGetItem","dynamodb:Query","dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:DeleteItem","dynamodb:BatchWriteItem"],"#
                + #""Resource":["arn:aws:dynamodb:us-east-1:123456789012:table/\#(table)","arn:aws:dynamodb:us-east-1:123456789012:table/\#(table)/index/*"],"#
                + #""Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["TENANTa"]}}}"#
        }
        let credentials: AWSCredentials
        do {
            for role in ["TENANTa-TenantAdmin", "TENANTa-TenantUser", "TENANTa-Trust", "TENANTb-TenantAdmin", "TENANTb-TenantUser", "TENANTb-Trust"] {
                try store.createRole(name: role, trustPolicy: trust)
            }
            let policy = #"{"Version":"2012-10-17","Statement":["# + ["UserBootcamp", "OrderBootcamp", "ProductBootcamp"].map(statement).joined(separator: ",") + "]}"
            try store.putRolePolicy(roleName: "TENANTa-TenantAdmin", policyName: "TenantAdminPolicy", document: policy)
            guard case .found(_, _, let operatorPrincipal) = store.resolve(accessKeyId: BackendConfig.exampleOperatorKey.accessKeyId, at: clock.now()) else {
                fatalError("bench: no operator")
            }
            let assumed = try SecurityTokenService(store: store).assumeRole(
                caller: operatorPrincipal, roleARN: "arn:aws:iam::123456789012:role/TENANTa-TenantAdmin", sessionName: "bench")
            credentials = AWSCredentials(
                accessKeyId: assumed.credentials.accessKeyId, secretAccessKey: assumed.credentials.secretAccessKey,
                sessionToken: assumed.credentials.sessionToken)
        } catch {
            fatalError("bench: access-probe setup failed: \(error)")
        }
        let body = #"{"Own": {"PartitionKey": "TENANTa", "UserPoolId": "us-east-1_A", "IdentityPoolId": "us-east-1:a", "RoleNames": ["TENANTa-TenantAdmin", "TENANTa-TenantUser", "TENANTa-Trust"]}, "Others": [{"PartitionKey": "TENANTb", "UserPoolId": "us-east-1_B", "IdentityPoolId": "us-east-1:b", "RoleNames": ["TENANTb-TenantAdmin", "TENANTb-TenantUser", "TENANTb-Trust"]}], "TenantTables": ["ProductBootcamp", "OrderBootcamp", "UserBootcamp"]}"#
        var request = HTTPRequest(method: "POST", target: "/_saaslab/access-probe", headers: ["Host": "saaslab.local", "Content-Type": "application/json"], text: body)
        do {
            try SigV4Signer(credentials: credentials, region: "us-east-1", service: "dynamodb").sign(&request, at: clock.now())
        } catch {
            fatalError("bench: signing failed: \(error)")
        }
        let client = InProcessClient(responder: backend.router)
        let signed = request
        return {
            guard let response = try? await client.send(signed), response.status == 200 else { fatalError("bench: the probe failed") }
            Sink.keep(UInt8(truncatingIfNeeded: response.body.count))
        }
    }
}
