import Foundation
import Testing
@testable import Labs

@Suite struct WorkbookLoadTests {
    @Test func duplicateIdsAndBadNeeds() {
        let found = errors(labText("""
        ```hurl {id=a needs=b}
        GET {{api}}/a
        ```
        ```hurl {id=b needs=a,zz,b}
        GET {{api}}/b
        ```
        ```hurl {id=a}
        GET {{api}}/c
        ```
        """))
        #expect(summary(found) == [
            "5:21: step 'a' needs 'b', which comes later: a step can only need earlier steps",
            "8:23: step 'b' needs 'zz', but the lab has no such step; did you mean 'a'?",
            "8:26: step 'b' cannot need itself",
            "11:1: step id 'a' is already used by the step at line 5",
        ])
    }

    @Test func variablesMustBeDefinedBeforeUse() {
        let found = errors(labText("""
        ```hurl {id=a}
        GET {{api}}/a?t={{tenant_id}}
        HTTP 200
        [Captures]
        tenant_id: jsonpath "$.id"
        [Asserts]
        jsonpath "$.id" == "{{tenant_id}}"
        GET {{api}}/b/{{tenant_id}}/{{newUuid}}/{{newDate}}
        [Options]
        variable: local=x
        GET {{api}}/c/{{local}}/{{tenant}}
        ```
        """))
        #expect(summary(found) == [
            "6:19: unknown variable 'tenant_id': no earlier step captures it and it is not a built-in",
            "15:27: unknown variable 'tenant': no earlier step captures it and it is not a built-in",
        ])
    }

    @Test func theBuiltinListIsAParameter() {
        let text = labText("```hurl {id=a}\nGET {{target}}/a\n```\n")
        #expect(summary(errors(text)).count == 1)
        #expect(errors(text, variables: ["target"]).isEmpty)
    }

    @Test func aFolderLoadsInOrderAndGathersEveryFilesErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("b.md", "---\nid: second\norder: 2\n---\n")
        try write("a.md", "---\nid: third\n---\n")
        try write("c.md", "---\nid: first\norder: 1\n---\n")
        try write("notes.txt", "ignored")
        let workbook = try Workbook.load(path: folder.path)
        #expect(workbook.labs.map(\.id) == ["first", "second", "third"])
        #expect(workbook.lab(id: "second")?.sourcePath == folder.path + "/b.md")

        try write("d.md", "---\nid: first\n---\n")
        try write("f.md", "---\nid: fourth\n---\n```hurl {id=x}\nGET {{nope}}/a\n```\n")
        try write("e.md", "---\ntitle: none\n---\n")
        #expect(throws: LabFileErrors.self) { try Workbook.load(path: folder.path) }
        do {
            _ = try Workbook.load(path: folder.path)
        } catch {
            #expect(error.errors.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.line): \($0.message)" } == [
                "e.md:1: the lab has no 'id' in its front matter: start the file with '---', 'id: <lab-id>', '---'",
                "f.md:5: unknown variable 'nope': no earlier step captures it and it is not a built-in",
                "d.md:1: lab id 'first' is already used by \(folder.path)/c.md",
            ])
        }
    }

    @Test func aRealisticLabLoadsFromOneFile() throws {
        let lab = try parse("""
        ---
        id: onboarding
        title: Lab 1 — Onboarding
        ---
        Create a tenant, then sign in as its admin.

        ```hurl {id=create-tenant points=5 exercise title="Register a tenant"}
        POST {{api}}/tenants
        Content-Type: application/json
        {"name": "blue-{{newUuid}}", "tier": "basic"}
        HTTP 201
        [Captures]
        tenant_id: jsonpath "$.tenantId"
        [Asserts]
        jsonpath "$.tier" == "basic"
        header "Location" contains "/tenants/"
        ```

        ```hurl {id=list-users needs=create-tenant hint="The admin belongs to the tenant's user pool"}
        GET {{api}}/tenants/{{tenant_id}}/users
        [Options]
        aws-sigv4: aws:amz:{{region}}:execute-api
        user: {{operator_access_key_id}}:{{operator_secret_access_key}}
        retry: 2
        HTTP 200
        [Asserts]
        jsonpath "$.users" count == 1
        jsonpath "$.users[0].tenantId" == "{{tenant_id}}"
        ```
        """)
        #expect(lab.steps.map(\.id) == ["create-tenant", "list-users"])
        #expect(lab.maximumPoints == 6)
        #expect(lab.steps[0].title == "Register a tenant")
        #expect(lab.steps[1].needs.map(\.id) == ["create-tenant"])
        #expect(lab.steps[1].hint == "The admin belongs to the tenant's user pool")
        #expect(lab.steps[1].deeperHints.isEmpty)
        #expect(lab.steps[1].entries[0].request.options.retry == 2)
        #expect(lab.steps[0].capturedNames.map(\.name) == ["tenant_id"])
        #expect(lab.steps[0].entries[0].request.body.map { "\($0.kind)" }?.contains("blue-{{newUuid}}") == true)
    }
}

/// A step's hint levels: `hint` (the concept), `hint2` (where to look), `hint3` (which field).
@Suite struct StepHintLevelTests {
    @Test func threeLevelsLoadInOrder() throws {
        let text = """
        ---
        id: lab
        ---
        ```hurl {id=s hint3="Level three" hint="Level one" hint2="Level two, with \\"quotes\\""}
        GET {{api}}/health
        ```
        """
        let lab = try parse(text)
        #expect(lab.steps[0].hint == "Level one")
        #expect(lab.steps[0].deeperHints == [#"Level two, with "quotes""#, "Level three"])
    }
}
