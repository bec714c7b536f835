import Foundation
import SaaSLabCLI
import Testing

extension CourseLabRuns {
    /// The three real labs (`labs/*.md`) graded against workspaces that are the reference solution
    /// with exactly one answer file wrong: each test names the steps that must fail or be skipped,
    /// and every other one of the 32 steps must still pass. Every run uses a fresh embedded backend
    /// and `--seed 1`, so ids, keys and the clock are the same on every run.
    @Suite struct WrongAnswerTests {
        // MARK: - The reference answers and the starter

        @Test func unchangedSolutionCopyPassesEveryStep() async throws {
            let report = try await WrongAnswer.report(try WrongAnswer.workspace())
            WrongAnswer.expect(report, failed: [], score: 100)
        }

        /// A right answer written another way is graded right: one policy for every tenant,
        /// naming the partition by the session's principal tag instead of a filled-in id.
        @Test func abacPolicyWithThePrincipalTagScoresFull() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.editProductStatement(in: workspace) { statement in
                statement["Condition"] = ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]]]
            }
            WrongAnswer.expect(try await WrongAnswer.report(workspace), failed: [], score: 100)
        }

        @Test func starterFailsOrSkipsEveryExerciseAndEarnsNothing() async throws {
            let report = try await WrongAnswer.report(try WrongAnswer.workspace(from: "starter"))
            #expect(report.steps.filter(\.exercise).allSatisfy { $0.status != "passed" })
            // The first exercise step of each dependency chain fails; everything that needs its
            // data is skipped. Steps that need only the lab's setup fail on their own: Lab 1's
            // tenant record, and Lab 3's checks that take a tenant's credentials directly (the
            // starter maps no roles, so any user gets the default role and its credentials).
            WrongAnswer.expect(
                report,
                failed: [
                    "onboarding/first-tenant-registers", "onboarding/tenant-record-stored",
                    "multi-tenant-services/partitioned-by-tenant",
                    "tenant-isolation/own-products-with-tenant-credentials",
                    "tenant-isolation/unmatched-role-gets-no-credentials",
                    "tenant-isolation/scan-of-every-tenant-is-refused",
                    "tenant-isolation/writing-into-another-partition-is-refused",
                    "tenant-isolation/every-permission-stays-inside-the-tenant",
                ],
                skipped: [
                    "onboarding/pool-is-configured", "onboarding/users-cannot-change-their-tenant",
                    "onboarding/weak-password-and-sign-up-refused",
                    "onboarding/user-provisioned", "onboarding/first-sign-in-sets-a-password",
                    "onboarding/second-tenant-registers", "onboarding/tenant-user-cannot-manage-users",
                    "onboarding/token-carries-tenant-context", "onboarding/no-sign-in-through-another-tenants-client",
                    "multi-tenant-services/forged-tenant-in-body-changes-nothing",
                    "multi-tenant-services/forged-tenant-in-query-changes-nothing",
                    "multi-tenant-services/new-tenant-sees-an-empty-catalog",
                    "tenant-isolation/injected-tenant-id-is-refused", "tenant-isolation/tenant-user-cannot-write-products",
                ],
                // 0 of 100: only exercise steps score, so nothing a participant did not do earns
                // points (the setup, the demonstrations, the installing of templates and the
                // per-tenant telemetry, which the app does by itself, score 0).
                score: 0)
            #expect(report.steps.filter { !$0.exercise && $0.maxPoints > 0 }.isEmpty)
            // The causes a participant reads first: the platform's refusal of custom attributes
            // the starter's pool lacks, and the starter's tenant record without its details.
            let terminal = await WrongAnswer.terminal(try WrongAnswer.workspace(from: "starter"))
            #expect(WrongAnswer.section(of: "onboarding/first-tenant-registers", report, terminal)
                .contains("Type for attribute {custom:tenant_id} could not be determined"))
            #expect(WrongAnswer.step(report, "onboarding/tenant-record-stored")?.message
                .contains(#"jsonpath "$.companyName" isString: expected isString, actual none"#) == true)
        }

        // MARK: - Lab 3: the TenantAdmin policy

        @Test func policyWithWildcardLeadingKeysMatchingEveryTenant() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.editProductStatement(in: workspace) { statement in
                statement["Condition"] = ["ForAllValues:StringLike": ["dynamodb:LeadingKeys": ["TENANT*"]]]
            }
            let report = try await WrongAnswer.report(workspace)
            // TENANT* matches tenant two's partition, so the injected id reads it (Part 5) and the
            // service writes into it (the last step). The TenantUser step resets the injection
            // first, so the failed Part 5 (which never reaches its own reset) does not spill into it.
            WrongAnswer.expect(
                report,
                failed: [
                    "tenant-isolation/injected-tenant-id-is-refused", "tenant-isolation/writing-into-another-partition-is-refused",
                    "tenant-isolation/every-permission-stays-inside-the-tenant",
                ],
                // 40 - 7 - 4 - 10 = 19: already under the isolation cap of 20.
                score: 79)
            let injected = try #require(WrongAnswer.step(report, "tenant-isolation/injected-tenant-id-is-refused"))
            #expect(injected.message.contains("HTTP 403: expected 403, actual 200"))
            #expect(injected.hint.contains("which condition key carries the partition keys a request names"))
            // A hint guides; it never prints the answer.
            #expect(!injected.hint.contains("ForAllValues:StringEquals"))
            // Where the participant looks: the report shows tenant two's product handed to tenant one.
            let terminal = await WrongAnswer.terminal(workspace)
            #expect(WrongAnswer.section(of: injected.key, report, terminal).contains(#""title":"Glass House vase""#))
        }

        @Test func policyLeadingKeysWithoutForAllValues() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.editProductStatement(in: workspace) { statement in
                statement["Condition"] = ["StringEquals": ["dynamodb:LeadingKeys": ["{{tenant_id}}"]]]
            }
            let report = try await WrongAnswer.report(workspace)
            // A single partition key still has to be the tenant's, so the injected id is refused;
            // only the BatchGetItem naming both tenants' partitions gets through, because plain
            // StringEquals is satisfied when any one of the keys matches.
            // The probe finds every item action leaking through the batch's partitions too; a leak
            // caps Lab 3 at half, 20 of 40.
            WrongAnswer.expect(
                report,
                failed: ["tenant-isolation/writing-into-another-partition-is-refused", "tenant-isolation/every-permission-stays-inside-the-tenant"],
                score: 80)
            let writing = try #require(WrongAnswer.step(report, "tenant-isolation/writing-into-another-partition-is-refused"))
            #expect(writing.message.contains("HTTP 400: expected 400, actual 200"))
            #expect(writing.message.contains(#"jsonpath "$.__type" contains "AccessDeniedException""#))
            #expect(writing.hint.contains("only ForAllValues requires all of them to be the tenant's"))
            let terminal = await WrongAnswer.terminal(workspace)
            let section = WrongAnswer.section(of: writing.key, report, terminal)
            #expect(section.contains("DynamoDB_20120810.BatchGetItem"))
            #expect(section.contains(#""title":{"S":"Glass House vase"}"#))
        }

        @Test func policyProductStatementAlsoGrantsScan() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.editProductStatement(in: workspace) { statement in
                statement["Action"] = (statement["Action"] as? [String] ?? []) + ["dynamodb:Scan"]
            }
            let report = try await WrongAnswer.report(workspace)
            // A Scan names no partition key: ForAllValues over the empty set is true. The Scan
            // step and the probe fail; the writes, checked on their own credentials, are still
            // refused. A leak caps Lab 3 at half: 80, not 86.
            WrongAnswer.expect(
                report, failed: ["tenant-isolation/scan-of-every-tenant-is-refused", "tenant-isolation/every-permission-stays-inside-the-tenant"],
                score: 80)
            let scan = try #require(WrongAnswer.step(report, "tenant-isolation/scan-of-every-tenant-is-refused"))
            #expect(scan.message.contains("HTTP 400: expected 400, actual 200"))
            #expect(scan.hint.contains("never grant Scan to a tenant role"))
            let terminal = await WrongAnswer.terminal(workspace)
            let section = WrongAnswer.section(of: scan.key, report, terminal)
            #expect(section.contains("DynamoDB_20120810.Scan"))
            #expect(section.contains(#""title":{"S":"Glass House vase"}"#))
        }

        // MARK: - Lab 3: least privilege, every permission probed

        /// A policy that keeps the product condition but leaks some other way: each is found by
        /// the probe alone (the app never sends these requests), named with the statement that
        /// allowed it, and caps Lab 3 at half.
        @Test(arguments: [
            ("an UpdateItem the app never sends, without the condition",
             #"{"Sid": "Extra", "Effect": "Allow", "Action": "dynamodb:UpdateItem", "Resource": "{{product_table_arn}}"}"#,
             "dynamodb:UpdateItem on tenant TENANT"),
            ("a Delete* wildcard, which grants DeleteTable",
             #"{"Sid": "Extra", "Effect": "Allow", "Action": "dynamodb:Delete*", "Resource": "{{product_table_arn}}", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["{{tenant_id}}"]}}}"#,
             "dynamodb:DeleteTable on the whole of ProductBootcamp is allowed"),
            ("Resource * on a conditioned statement",
             #"{"Sid": "Extra", "Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["{{tenant_id}}"]}}}"#,
             "dynamodb:GetItem on the tenant's partition of shared table TenantBootcamp is allowed"),
            ("the order table without its condition",
             #"{"Sid": "Extra", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "{{order_table_arn}}"}"#,
             "partition of OrderBootcamp is allowed"),
            ("every user pool",
             #"{"Sid": "Extra", "Effect": "Allow", "Action": "cognito-idp:*", "Resource": "*"}"#,
             "'s user pool is allowed"),
            ("IAM on the tenant's own roles",
             #"{"Sid": "Extra", "Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "arn:aws:iam::{{account}}:role/{{tenant_id}}-*"}"#,
             "iam:PutRolePolicy on the tenant's own role"),
        ])
        func policyLeakingBeyondWhatTheAppSends(_ case: (name: String, statement: String, leak: String)) async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.editJSON("lab3/tenant-admin-policy.json", in: workspace) { policy in
                let extra = try #require(try JSONSerialization.jsonObject(with: Data(`case`.statement.utf8)) as? [String: Any])
                policy["Statement"] = (policy["Statement"] as? [Any] ?? []) + [extra]
            }
            let report = try await WrongAnswer.report(workspace)
            WrongAnswer.expect(report, failed: ["tenant-isolation/every-permission-stays-inside-the-tenant"], score: 80)
            let probe = try #require(WrongAnswer.step(report, "tenant-isolation/every-permission-stays-inside-the-tenant"))
            let terminal = await WrongAnswer.terminal(workspace)
            let section = WrongAnswer.section(of: probe.key, report, terminal)
            #expect(section.contains(`case`.leak), "\(`case`.name)")
            #expect(section.contains(#"statement \"Extra\""#) || section.contains(#"statement \\\"Extra\\\""#), "\(`case`.name)")
            #expect(terminal.contains("isolation breached (Every permission of the tenant's roles stays inside the tenant): at most 20 of 40"))
        }

        /// The lab's principal-tag answer with the bootcamp's Cognito statement left in: the
        /// tenant admin may create a user carrying tenant two's id, whose session the identity
        /// pool tags with it. The probe names that way in.
        @Test func abacPolicyWhileTheRoleMayCreateUsers() async throws {
            let workspace = try WrongAnswer.workspace()
            let starter = try WrongAnswer.workspace(from: "starter")
            let starterPolicy = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: starter + "/lab3/tenant-admin-policy.json"))) as? [String: Any]
            let cognito = try #require((starterPolicy?["Statement"] as? [[String: Any]])?.first { $0["Sid"] as? String == "TenantAdminUserPool" })
            try WrongAnswer.editJSON("lab3/tenant-admin-policy.json", in: workspace) { policy in
                var statements = try #require(policy["Statement"] as? [[String: Any]])
                for index in statements.indices {
                    statements[index]["Condition"] = ["ForAllValues:StringEquals": ["dynamodb:LeadingKeys": ["${aws:PrincipalTag/tenant_id}"]]]
                }
                policy["Statement"] = statements + [cognito]
            }
            let report = try await WrongAnswer.report(workspace)
            WrongAnswer.expect(report, failed: ["tenant-isolation/every-permission-stays-inside-the-tenant"], score: 80)
            let probe = try #require(WrongAnswer.step(report, "tenant-isolation/every-permission-stays-inside-the-tenant"))
            let section = WrongAnswer.section(of: probe.key, report, await WrongAnswer.terminal(workspace))
            #expect(section.contains("through a user this role creates with cognito-idp:AdminCreateUser in its own pool, its tenant_id set to TENANT"))
            #expect(section.contains("cognito-idp:AdminCreateUser"))
        }

        /// Right answers in unusual shapes keep full marks.
        @Test(arguments: [
            // An exact StringLike pattern matches only the tenant's id.
            #"{"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["{{tenant_id}}"]}}"#,
            // Two operators on one statement both have to hold.
            #"{"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["{{tenant_id}}"]}, "Null": {"dynamodb:LeadingKeys": "false"}}"#,
        ])
        func correctConditionInAnotherShapeScoresFull(_ condition: String) async throws {
            let workspace = try WrongAnswer.workspace()
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(condition.utf8)) as? [String: Any])
            try WrongAnswer.editJSON("lab3/tenant-admin-policy.json", in: workspace) { policy in
                var statements = try #require(policy["Statement"] as? [[String: Any]])
                for index in statements.indices { statements[index]["Condition"] = parsed }
                policy["Statement"] = statements
            }
            WrongAnswer.expect(try await WrongAnswer.report(workspace), failed: [], score: 100)
        }

        /// A deny guarding everything the app does not use, beside an allow: also right.
        @Test func explicitDenyOfEverythingElseScoresFull() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.editJSON("lab3/tenant-admin-policy.json", in: workspace) { policy in
                let deny: [String: Any] = [
                    "Sid": "OnlyItems", "Effect": "Deny",
                    "NotAction": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:UpdateItem"],
                    "Resource": "*",
                ]
                policy["Statement"] = (policy["Statement"] as? [Any] ?? []) + [deny]
            }
            WrongAnswer.expect(try await WrongAnswer.report(workspace), failed: [], score: 100)
        }

        // MARK: - Lab 3: role mapping and credentials

        @Test func roleMappingsWithoutTheTenantUserRule() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.editJSON("lab3/role-mappings.json", in: workspace) { request in
                var mappings = try #require(request["RoleMappings"] as? [String: Any])
                var mapping = try #require(mappings["{{provider_name}}:{{client_id}}"] as? [String: Any])
                var rules = try #require(mapping["RulesConfiguration"] as? [String: Any])
                let all = try #require(rules["Rules"] as? [[String: Any]])
                let kept = all.filter { $0["Value"] as? String != "TenantUser" }
                try #require(kept.count == all.count - 1)
                rules["Rules"] = kept
                mapping["RulesConfiguration"] = rules
                mappings["{{provider_name}}:{{client_id}}"] = mapping
                request["RoleMappings"] = mappings
            }
            let report = try await WrongAnswer.report(workspace)
            // Olga gets no credentials at all, so the probe of her role cannot run either: a
            // failure, but no leak, so nothing is capped.
            WrongAnswer.expect(
                report,
                failed: ["tenant-isolation/tenant-user-cannot-write-products", "tenant-isolation/every-permission-stays-inside-the-tenant"],
                score: 85)
            let user = try #require(WrongAnswer.step(report, "tenant-isolation/tenant-user-cannot-write-products"))
            #expect(user.message.contains("HTTP 200: expected 200, actual a NotAuthorizedException error (HTTP 403)"))
            let probe = try #require(WrongAnswer.step(report, "tenant-isolation/every-permission-stays-inside-the-tenant"))
            #expect(probe.hint.contains("No rule of your role mapping matched this user's token, and the mapping refuses users it cannot place"))
            let terminal = await WrongAnswer.terminal(workspace)
            let section = WrongAnswer.section(of: user.key, report, terminal)
            #expect(section.contains("the identity pool gave olga-") && section.contains("@lab3.example no credentials"))
            #expect(section.contains("Check the pool's role mapping for custom:role TenantUser"))
        }

        @Test func lab3ProductServiceWithSystemCredentials() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.write(#"{"tenantContext": "token", "credentials": "system"}"#, to: "lab3/product-service.json", in: workspace)
            let report = try await WrongAnswer.report(workspace)
            // Everything the service does runs on its own role, so the service's paths fail (or are
            // skipped behind the first); the checks on a tenant's own credentials, which the
            // participant's policy and role mapping decide, still pass.
            WrongAnswer.expect(
                report,
                failed: ["tenant-isolation/own-products-with-tenant-credentials", "tenant-isolation/writing-into-another-partition-is-refused"],
                skipped: ["tenant-isolation/injected-tenant-id-is-refused", "tenant-isolation/tenant-user-cannot-write-products"],
                score: 78)
            #expect(WrongAnswer.step(report, "tenant-isolation/writing-into-another-partition-is-refused")?.message
                .contains("HTTP 403: expected 403, actual 201") == true)
            #expect(WrongAnswer.step(report, "tenant-isolation/own-products-with-tenant-credentials")?.message
                .contains(#"jsonpath "$.credentials" == "tenant": expected == "tenant", actual "system""#) == true)
        }

        // MARK: - Lab 2: partitioning and tenant context

        @Test func productTableKeyedByProductIdOnly() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.write(
                #"{"TableName": "ProductBootcamp", "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": [{"AttributeName": "product_id", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "product_id", "KeyType": "HASH"}]}"#,
                to: "lab2/product-table.json", in: workspace)
            let report = try await WrongAnswer.report(workspace)
            // Lab 3 creates its own partitioned table, so only Lab 2 notices.
            WrongAnswer.expect(
                report,
                failed: ["multi-tenant-services/partitioned-by-tenant"],
                skipped: [
                    "multi-tenant-services/forged-tenant-in-body-changes-nothing",
                    "multi-tenant-services/forged-tenant-in-query-changes-nothing",
                    "multi-tenant-services/new-tenant-sees-an-empty-catalog",
                ],
                score: 70)
            #expect(WrongAnswer.step(report, "multi-tenant-services/partitioned-by-tenant")?.message
                .contains(#"expected == "North Wind desk lamp", actual "South Sea deck chair""#) == true)
        }

        @Test func lab2ProductServiceTakingTenantFromTheRequest() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.write(#"{"tenantContext": "request"}"#, to: "lab2/product-service.json", in: workspace)
            let report = try await WrongAnswer.report(workspace)
            WrongAnswer.expect(
                report,
                failed: ["multi-tenant-services/forged-tenant-in-body-changes-nothing"],
                skipped: [
                    "multi-tenant-services/forged-tenant-in-query-changes-nothing",
                    "multi-tenant-services/new-tenant-sees-an-empty-catalog",
                ],
                score: 80)
            let forged = try #require(WrongAnswer.step(report, "multi-tenant-services/forged-tenant-in-body-changes-nothing"))
            #expect(forged.message.contains(#"jsonpath "$.tenant_id" == "TENANT"#))
            // The hint points at what is verified; it does not print the settings that answer it.
            #expect(forged.hint.contains("Which part of the request has the platform verified"))
            #expect(!forged.hint.contains("tenantContext"))
        }

        // MARK: - Lab 1: pool, identity pool and client

        /// The steps that need Ada's first sign-in: skipped when it fails.
        private static let afterFirstSignIn = [
            "onboarding/tenant-user-cannot-manage-users", "onboarding/token-carries-tenant-context",
            "onboarding/no-sign-in-through-another-tenants-client",
        ]

        @Test func userPoolWithMutableTenantId() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.replace(
                #"{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": false}"#,
                with: #"{"Name": "tenant_id", "AttributeDataType": "String", "Mutable": true}"#,
                in: "lab1/user-pool.json", of: workspace)
            let report = try await WrongAnswer.report(workspace)
            // Only the tenant check fails: the sign-ins do not depend on this setting. A user
            // who could change their tenant breaks isolation, so Lab 1 scores at most half.
            WrongAnswer.expect(report, failed: ["onboarding/users-cannot-change-their-tenant"], score: 85)
            #expect(WrongAnswer.step(report, "onboarding/users-cannot-change-their-tenant")?.message
                .contains(#"[?(@.Name == 'custom:tenant_id')].Mutable" nth 0 == false: expected == false, actual true"#) == true)
        }

        @Test func identityPoolAllowingUnauthenticatedIdentities() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.replace(
                #""AllowUnauthenticatedIdentities": false"#, with: #""AllowUnauthenticatedIdentities": true"#,
                in: "lab1/identity-pool.json", of: workspace)
            let report = try await WrongAnswer.report(workspace)
            // Only the inspection fails: the sign-ins do not depend on this setting.
            WrongAnswer.expect(report, failed: ["onboarding/pool-is-configured"], score: 98)
            #expect(WrongAnswer.step(report, "onboarding/pool-is-configured")?.message
                .contains(#"jsonpath "$.AllowUnauthenticatedIdentities" == false: expected == false, actual true"#) == true)
        }

        @Test func appClientWithASecret() async throws {
            let workspace = try WrongAnswer.workspace()
            try WrongAnswer.replace(#""GenerateSecret": false"#, with: #""GenerateSecret": true"#, in: "lab1/app-client.json", of: workspace)
            let report = try await WrongAnswer.report(workspace)
            // Besides the inspection, the sign-ins fail outright: the app signs in without a
            // SECRET_HASH, which a client with a secret refuses.
            WrongAnswer.expect(
                report,
                failed: ["onboarding/pool-is-configured", "onboarding/first-sign-in-sets-a-password", "onboarding/second-tenant-registers"],
                skipped: Self.afterFirstSignIn,
                score: 85)
            #expect(WrongAnswer.step(report, "onboarding/pool-is-configured")?.message
                .contains(#"jsonpath "$.UserPoolClient.ClientSecret" not exists"#) == true)
            // The check names the secret it found without printing it.
            #expect(WrongAnswer.step(report, "onboarding/pool-is-configured")?.message.contains("<redacted> (a string)") == true)
            #expect(WrongAnswer.step(report, "onboarding/second-tenant-registers")?.message
                .contains("HTTP 200: expected 200, actual a NotAuthorizedException error (HTTP 401)") == true)
            let terminal = await WrongAnswer.terminal(workspace)
            #expect(WrongAnswer.section(of: "onboarding/second-tenant-registers", report, terminal)
                .contains("is configured for secret but secret was not received"))
        }
    }
}

/// Workspaces with one wrong answer, and the graded report of the three real labs over them.
private enum WrongAnswer {
    /// The package root: this file is `Tests/SaaSLabCLITests/WrongAnswerTests.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    struct Step: Sendable {
        let key: String  // "<lab id>/<step id>"
        let title: String
        let status: String
        let exercise: Bool
        let maxPoints: Int
        let message: String
        let hint: String
    }

    struct Report: Sendable {
        let score: Int
        let maxScore: Int
        let steps: [Step]
    }

    /// A fresh copy of `labs/<from>` in a temporary directory.
    static func workspace(from name: String = "solution") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-wrong-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: root + "/labs/" + name, toPath: dir)
        return dir
    }

    static func write(_ text: String, to file: String, in workspace: String) throws {
        let path = workspace + "/" + file
        try #require(FileManager.default.fileExists(atPath: path), "\(file) is not a known answer file")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Replaces the one occurrence of `old` in an answer file.
    static func replace(_ old: String, with new: String, in file: String, of workspace: String) throws {
        let text = try String(contentsOfFile: workspace + "/" + file, encoding: .utf8)
        try #require(text.components(separatedBy: old).count == 2, "\(file) should hold \(old) once")
        try write(text.replacingOccurrences(of: old, with: new), to: file, in: workspace)
    }

    /// Rewrites a JSON answer file through `edit`.
    static func editJSON(_ file: String, in workspace: String, _ edit: (inout [String: Any]) throws -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: workspace + "/" + file))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        try edit(&object)
        let out = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try write(String(decoding: out, as: UTF8.self), to: file, in: workspace)
    }

    /// Changes the `TenantAdminProductTable` statement of `lab3/tenant-admin-policy.json`.
    static func editProductStatement(in workspace: String, _ change: (inout [String: Any]) -> Void) throws {
        try editJSON("lab3/tenant-admin-policy.json", in: workspace) { policy in
            var statements = try #require(policy["Statement"] as? [[String: Any]])
            let index = try #require(statements.firstIndex { $0["Sid"] as? String == "TenantAdminProductTable" })
            change(&statements[index])
            policy["Statement"] = statements
        }
    }

    static func run(_ workspace: String, format: String) async -> (code: Int32, out: String, err: String) {
        let console = Console.capturing(environment: ["NO_COLOR": "1"])
        let code = await SaaSLabCommandLine.run(
            arguments: ["run", "--labs", root + "/labs", "--workspace", workspace, "--format", format, "--seed", "1"],
            console: console)
        return (code, console.capturedOutput, console.capturedError)
    }

    /// The JSON report of all three labs over `workspace`.
    static func report(_ workspace: String) async throws -> Report {
        let result = await run(workspace, format: "json")
        try #require(result.code == 0 || result.code == 1, "exit \(result.code): \(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        var steps: [Step] = []
        for lab in json["labs"] as? [[String: Any]] ?? [] {
            let labID = lab["id"] as? String ?? "?"
            for step in lab["steps"] as? [[String: Any]] ?? [] {
                steps.append(Step(
                    key: labID + "/" + (step["id"] as? String ?? "?"),
                    title: step["title"] as? String ?? "",
                    status: step["status"] as? String ?? "",
                    exercise: step["exercise"] as? Bool ?? false,
                    maxPoints: step["max_points"] as? Int ?? -1,
                    message: step["message"] as? String ?? "",
                    hint: step["hint"] as? String ?? ""))
            }
        }
        return Report(score: json["score"] as? Int ?? -1, maxScore: json["max_score"] as? Int ?? -1, steps: steps)
    }

    /// The terminal report (what a participant reads) over `workspace`.
    static func terminal(_ workspace: String) async -> String {
        await run(workspace, format: "terminal").out
    }

    static func step(_ report: Report, _ key: String) -> Step? {
        report.steps.first { $0.key == key }
    }

    /// Exactly `failed` fail and `skipped` are skipped; every other step of the three labs passes.
    static func expect(
        _ report: Report, failed: [String], skipped: [String] = [], score: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(report.steps.count == 32, "13 + 7 + 12 steps", sourceLocation: sourceLocation)
        #expect(report.maxScore == 100, sourceLocation: sourceLocation)
        let known = Set(report.steps.map(\.key))
        #expect(Set(failed + skipped).subtracting(known).isEmpty, "unknown step ids", sourceLocation: sourceLocation)
        var expected: [String: String] = [:]
        for key in failed { expected[key] = "failed" }
        for key in skipped { expected[key] = "skipped" }
        var actual: [String: String] = [:]
        for step in report.steps where step.status != "passed" { actual[step.key] = step.status }
        #expect(actual == expected, sourceLocation: sourceLocation)
        #expect(report.score == score, sourceLocation: sourceLocation)
    }

    /// The terminal report's lines for one step: its title line up to the next step or lab.
    static func section(of key: String, _ report: Report, _ terminal: String) -> String {
        guard let title = step(report, key)?.title else { return "" }
        let lines = terminal.components(separatedBy: "\n")
        let marks = ["  ✔ ", "  ✘ ", "  – "]
        guard let start = lines.firstIndex(where: { line in marks.contains { line.hasPrefix($0 + title) } }) else { return "" }
        var end = start + 1
        while end < lines.count, !lines[end].isEmpty, !marks.contains(where: lines[end].hasPrefix) { end += 1 }
        return lines[start..<end].joined(separator: "\n")
    }
}
