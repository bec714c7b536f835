import Foundation
import SaaSLabCLI
import Testing

extension CourseLabRuns {
    /// How the labs grade answers one change away from the reference solution: each test changes
    /// one answer and asserts the grade a correct grader gives (a fallback role mapping or a pool
    /// without verified email loses points; the principal-tag policy can pass Lab 3).
    @Suite struct AnswerGradingTests {
        static let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

        static func workspace() throws -> String {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-answer-\(UUID().uuidString)").path
            try FileManager.default.copyItem(atPath: root + "/labs/solution", toPath: dir)
            return dir
        }

        static func replace(_ old: String, with new: String, in file: String, of workspace: String) throws {
            let path = workspace + "/" + file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try #require(text.contains(old), "\(file) should hold \(old)")
            try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: URL(fileURLWithPath: path))
        }

        /// Step key ("<lab>/<step>") → status, and the score, of a seeded run of every lab.
        static func grade(_ workspace: String, extraLabs: Bool = false) async throws -> (score: Int, max: Int, steps: [String: String]) {
            let console = Console.capturing(environment: ["NO_COLOR": "1"])
            var arguments = ["run", "--labs", root + "/labs", "--workspace", workspace, "--format", "json", "--seed", "1"]
            if extraLabs { arguments += ["--extra-labs", root + "/labs/instructor"] }
            let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
            try #require(code == 0 || code == 1, "exit \(code): \(console.capturedError)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(console.capturedOutput.utf8)) as? [String: Any])
            var steps: [String: String] = [:]
            for lab in json["labs"] as? [[String: Any]] ?? [] {
                for step in lab["steps"] as? [[String: Any]] ?? [] {
                    steps["\(lab["id"] as? String ?? "?")/\(step["id"] as? String ?? "?")"] = step["status"] as? String
                }
            }
            return (json["score"] as? Int ?? -1, json["max_score"] as? Int ?? -1, steps)
        }

        /// Lab 3 asks for a role mapping that "refuses anyone the rules do not match", and the
        /// reference says AmbiguousRoleResolution Deny. With AuthenticatedRole an unmatched user
        /// gets the pool's authenticated role instead of being refused, yet every step (and every
        /// instructor probe) passes: 110/110.
        @Test func roleMappingFallingBackToTheAuthenticatedRoleDoesNotScoreFull() async throws {
            let workspace = try Self.workspace()
            try Self.replace(#""AmbiguousRoleResolution": "Deny""#, with: #""AmbiguousRoleResolution": "AuthenticatedRole""#,
                             in: "lab3/role-mappings.json", of: workspace)
            let graded = try await Self.grade(workspace, extraLabs: true)
            #expect(graded.score < graded.max, "a mapping that does not refuse unmatched users scored \(graded.score)/\(graded.max)")
        }

        /// Worse: unmatched users fall back to the TenantAdmin role. Any user whose custom:role is
        /// not exactly TenantAdmin or TenantUser (a typo, a new role, a self-written claim) gets
        /// full tenant-admin credentials; the labs and the probes still give 110/110.
        @Test func roleMappingGivingUnmatchedUsersTheAdminRoleDoesNotScoreFull() async throws {
            let workspace = try Self.workspace()
            try Self.replace(#""AmbiguousRoleResolution": "Deny""#, with: #""AmbiguousRoleResolution": "AuthenticatedRole""#,
                             in: "lab3/role-mappings.json", of: workspace)
            try Self.replace(#""authenticated": "{{trust_role_arn}}""#, with: #""authenticated": "{{tenant_admin_role_arn}}""#,
                             in: "lab3/role-mappings.json", of: workspace)
            let graded = try await Self.grade(workspace, extraLabs: true)
            #expect(graded.score < graded.max, "unmatched users mapped to TenantAdmin scored \(graded.score)/\(graded.max)")
        }

        /// The tenant-agnostic ABAC answer the docs point to: one policy with
        /// `${aws:PrincipalTag/tenant_id}`, and the principal-tag map that puts `custom:tenant_id`
        /// into the session. Lab 3 gives no way to install the map (no principal-tags answer file,
        /// and the default map carries only `username` and `client`), so the answer scores 0/40.
        @Test func abacPolicyWithAPrincipalTagMapCanPassLab3() async throws {
            let workspace = try Self.workspace()
            try Self.replace(#""{{tenant_id}}""#, with: #""${aws:PrincipalTag/tenant_id}""#, in: "lab3/tenant-admin-policy.json", of: workspace)
            try Data(#"{"IdentityPoolId": "{{identity_pool_id}}", "IdentityProviderName": "{{provider_name}}", "UseDefaults": false, "PrincipalTags": {"tenant_id": "custom:tenant_id"}}"#.utf8)
                .write(to: URL(fileURLWithPath: workspace + "/lab3/principal-tags.json"))
            let graded = try await Self.grade(workspace)
            let failing = graded.steps.filter { $0.value != "passed" }.keys.sorted()
            #expect(failing.isEmpty, "the ABAC answer is graded wrong: \(failing), \(graded.score)/\(graded.max)")
        }

        /// Lab 1's prose requires email addresses to be verified automatically, and the step says
        /// the pool is "configured as specified"; a pool without AutoVerifiedAttributes scores 30/30.
        @Test func userPoolWithoutAutoVerifiedEmailDoesNotScoreFull() async throws {
            let workspace = try Self.workspace()
            try Self.replace(#""AutoVerifiedAttributes": ["email"],"#, with: "", in: "lab1/user-pool.json", of: workspace)
            let graded = try await Self.grade(workspace)
            #expect(graded.steps["onboarding/pool-is-configured"] == "failed", "\(graded.steps["onboarding/pool-is-configured"] ?? "?")")
        }
    }
}
