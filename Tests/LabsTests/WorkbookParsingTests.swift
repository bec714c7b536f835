import Testing
@testable import Labs

@Suite struct WorkbookParsingTests {
    @Test func designExampleParsesIntoTheExactAST() throws {
        let lab = try parse(labText("""
        ## Part 5: inject the other tenant's id again
        ```hurl {id=injection-blocked points=10 exercise hint="Read the role's policy: which partition keys may it touch?"}
        GET {{api}}/products
        Authorization: Bearer {{tenant_one_token}}
        HTTP 403
        [Asserts]
        jsonpath "$.error" contains "AccessDenied"
        ```
        """), variables: Workbook.builtinVariables.union(["tenant_one_token"]))
        let request = RequestSpec(
            method: "GET",
            url: Template([.variable("api", at(7, 7)), .literal("/products")], location: at(7, 5)),
            headers: [KeyValue(name: "Authorization",
                               value: Template([.literal("Bearer "), .variable("tenant_one_token", at(8, 25))],
                                               location: at(8, 16)),
                               location: at(8, 1))],
            location: at(7, 1))
        let assert = Assert(
            query: Query(.jsonpath(text("$.error", 11, 11)), location: at(11, 1)),
            predicate: Predicate(.contains, value: .string(text("AccessDenied", 11, 30)), location: at(11, 20)),
            location: at(11, 1))
        let response = ResponseSpec(status: .code(403), asserts: [assert], location: at(9, 1))
        let step = Step(id: "injection-blocked", points: 10, isExercise: true,
                        hint: "Read the role's policy: which partition keys may it touch?",
                        entries: [Entry(request: request, response: response, location: at(7, 1))],
                        location: at(6, 1))
        #expect(lab == Lab(id: "demo", title: "Demo", frontMatter: ["id": "demo", "title": "Demo"],
                           sourcePath: "lab.md",
                           blocks: [.prose(Prose(text: "## Part 5: inject the other tenant's id again",
                                                 location: at(5, 1))),
                                    .step(step)]))
    }

    @Test func aNoteIsReadLikeAHint() throws {
        let lab = try parse(labText("""
        ```hurl {id=demo-leak points=0 note="Tenant one read \\"two\\"'s catalog.\\nNothing refused it."}
        GET {{api}}/health
        HTTP 200
        ```
        """))
        guard case .step(let step)? = lab.blocks.first else {
            Issue.record("no step parsed")
            return
        }
        #expect(step.note?.parts == [.literal("Tenant one read \"two\"'s catalog.\nNothing refused it.")])
        #expect(step.hint == nil)
        let missing = errors(labText("```hurl {id=x note}\nGET {{api}}/health\n```\n"))
        #expect(missing.map(\.message) == ["attribute 'note' needs a value: note=..."])
        // A note may quote what the step captures, and nothing undefined.
        let unknown = errors(labText("```hurl {id=x note=\"got {{nothing}}\"}\nGET {{api}}/health\nHTTP 200\n```\n"))
        #expect(unknown.map(\.message) == ["unknown variable 'nothing': no earlier step captures it and it is not a built-in"])
    }

    @Test func frontMatterProseAndOtherFencesKeepTheirOrder() throws {
        let lab = try parse("""
        ---
        id: isolation
        title: "Lab 3 — Tenant isolation"
        order: 3
        summary: Keep tenants apart # not a comment in front matter
        ---

        Intro text.
        ````markdown
        ```hurl {id=not-a-step}
        ```
        ````
        ```hurl {id=health}
        GET {{api}}/health
        ```
        Outro.
        """)
        #expect(lab.id == "isolation")
        #expect(lab.title == "Lab 3 — Tenant isolation")
        #expect(lab.order == 3)
        #expect(lab.summary == "Keep tenants apart # not a comment in front matter")
        #expect(lab.steps.map(\.id) == ["health"])
        #expect(lab.blocks.count == 3)
        #expect(lab.blocks.first == .prose(Prose(text: "Intro text.\n````markdown\n```hurl {id=not-a-step}\n```\n````",
                                                 location: at(8, 1))))
        #expect(lab.blocks.last == .prose(Prose(text: "Outro.", location: at(16, 1))))
        #expect(lab.maximumPoints == 1)
    }

    @Test func everyAttribute() throws {
        let lab = try parse(labText("""
        ```hurl {id=a}
        GET {{api}}/a
        ```
        ```hurl {id=b}
        GET {{api}}/b
        ```
        ```hurl { id=c title="Create \\"the\\" tenant" points=0 hidden exercise=false needs=a,b timeout=10s }
        GET {{api}}/c
        ```
        ```hurl {id=d needs="a c" timeout=250ms}
        GET {{api}}/d
        ```
        """))
        let c = lab.steps[2], d = lab.steps[3]
        #expect(c.title == "Create \"the\" tenant")
        #expect(c.points == 0 && c.isHidden && !c.isExercise)
        #expect(c.needs == [StepReference(id: "a", location: at(11, 83)), StepReference(id: "b", location: at(11, 85))])
        #expect(c.timeout == .seconds(10))
        #expect(lab.steps[0].points == 1)
        #expect(d.needs == [StepReference(id: "a", location: at(14, 22)), StepReference(id: "c", location: at(14, 24))])
        #expect(d.timeout == .milliseconds(250))
    }

    @Test func requestHeadersAndParameterSections() throws {
        let s = try step("""
        # a comment line
        POST {{api}}/tenants?x=1   # trailing comment
        Content-Type: application/x-www-form-urlencoded
        X-Quoted: "a \\"b\\" #c"
        [QueryStringParams]
        page: 2
        [FormParams]
        name: {{newUuid}}
        """)
        let request = s.entries[0].request
        #expect(request.url == text("{{api}}/tenants?x=1", 7, 6).withVariables)
        #expect(request.headers == [
            KeyValue(name: "Content-Type", value: text("application/x-www-form-urlencoded", 8, 15), location: at(8, 1)),
            KeyValue(name: "X-Quoted", value: text("a \"b\" #c", 9, 12), location: at(9, 1)),
        ])
        #expect(request.queryParameters == [KeyValue(name: "page", value: text("2", 11, 7), location: at(11, 1))])
        #expect(request.formParameters == [KeyValue(name: "name", value: Template([.variable("newUuid", at(13, 9))],
                                                                                   location: at(13, 7)),
                                                    location: at(13, 1))])
        #expect(s.entries[0].response == nil)
    }

    @Test func everyOption() throws {
        let s = try step("""
        GET {{api}}/x
        [Options]
        aws-sigv4: aws:amz:{{region}}:execute-api
        user: {{operator_access_key_id}}:{{operator_secret_access_key}}
        variable: tenant=t-{{newUuid}}
        variable: count=3
        delay: 100ms
        retry: 3
        retry-interval: 500
        skip: true
        """)
        let options = s.entries[0].request.options
        #expect(options.awsSigV4 == SigV4Scope(region: Template([.variable("region", at(8, 22))], location: at(8, 20)),
                                               service: "execute-api", location: at(8, 12)))
        #expect(options.user == UserCredentials(
            accessKey: Template([.variable("operator_access_key_id", at(9, 9))], location: at(9, 7)),
            secret: Template([.variable("operator_secret_access_key", at(9, 36))], location: at(9, 34)),
            location: at(9, 7)))
        #expect(options.variables == [
            VariableDefinition(name: "tenant", value: Template([.literal("t-"), .variable("newUuid", at(10, 22))],
                                                               location: at(10, 18)), location: at(10, 11)),
            VariableDefinition(name: "count", value: text("3", 11, 17), location: at(11, 11)),
        ])
        #expect(options.delay == .milliseconds(100))
        #expect(options.retry == 3)
        #expect(options.retryInterval == .milliseconds(500))
        #expect(options.skip)
    }
}

extension Template {
    /// The same text with `{{name}}` split out, for URLs written compactly in tests. Columns
    /// assume the text has no escapes.
    var withVariables: Template {
        let line = SourceLine(file: location.file, number: location.line,
                              text: String(repeating: " ", count: location.column - 1) + description)
        return try! TemplateParser.parse((location.column - 1)..<line.characters.count, on: line, unescape: false)
    }
}
