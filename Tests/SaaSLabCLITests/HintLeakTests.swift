import Foundation
import Labs
import Testing

/// Hints guide; they never print the answer. Every hint level of every step of the course's
/// labs and the instructor's probes is held against the solution's distinguishing strings
/// (``SolutionAnswers``), derived from labs/ itself.
@Suite struct HintLeakTests {
    static let labs = CourseLabRuns.CourseLabsTests.root + "/labs"

    static func answers() throws -> SolutionAnswers { try SolutionAnswers.derive(labs: labs) }

    static func hints() throws -> [LabHint] {
        LabHint.all(in: try Workbook.load(path: labs)) + LabHint.all(in: try Workbook.load(path: labs + "/instructor"))
    }

    @Test func noHintOfAnyStepContainsAnAnswer() throws {
        let finder = try HintLeaks(try Self.answers())
        let hints = try Self.hints()
        #expect(hints.count > 60, "the labs' hints were not found")
        for hint in hints {
            let leaks = finder.leaks(in: hint.text)
            #expect(leaks.isEmpty, "\(hint) gives away \(leaks.map(\.description).joined(separator: ", ")): \(hint.text)")
        }
    }

    /// The hints the labs had before they were rewritten to guide: each printed an answer, and
    /// each is caught, by a word or by a key written with its value.
    @Test(arguments: [
        (#"Take the tenant id from the token: {"tenantContext": "token"}."#, "tenantContext: token"),
        ("Key the table by tenant first: tenant_id as the partition (HASH) key and product_id as the sort (RANGE) key.", "tenant_id"),
        ("Key the table by tenant first: tenant_id as the partition (HASH) key and product_id as the sort (RANGE) key.", "RANGE"),
        (#"Use {"credentials": "tenant"}, and map custom:role TenantAdmin to {{tenant_admin_role_arn}}."#, "credentials: tenant"),
        ("The service's write needs the caller's credentials (credentials: tenant).", "credentials: tenant"),
        ("Refuse what the rules do not match: AmbiguousRoleResolution Deny.", "AmbiguousRoleResolution"),
        ("Refuse what the rules do not match: AmbiguousRoleResolution Deny.", "Deny"),
        ("The identity pool must map custom:role TenantUser to the TenantUser role.", "custom:role"),
        ("lab1/tenant.json needs companyName, accountName, ownerName, email and tier.", "companyName"),
        (#"Your pool's Schema must define those custom attributes, named without the custom: prefix ("Name": "tenant_id"; Cognito adds it)."#, "tenant_id"),
        ("Look at the schema's Mutable flag and the client's WriteAttributes.", "WriteAttributes"),
        ("Make the attribute immutable: Mutable false.", "Mutable: false"),
        ("Set AllowAdminCreateUserOnly to true and MinimumLength to 8.", "AllowAdminCreateUserOnly: true"),
        ("Set AllowAdminCreateUserOnly to true and MinimumLength to 8.", "8"),
        ("Query with a KeyConditionExpression on the tenant.", "KeyConditionExpression"),
    ])
    func anAnswerInAHintIsCaught(hint: String, leaked: String) throws {
        let leaks = try HintLeaks(try Self.answers()).leaks(in: hint)
        #expect(leaks.contains { $0.text == leaked }, "\(leaks)")
    }

    /// What a hint may say: a field the starter already has (naming the field to change is the
    /// third level's job, never its value), the course's words, placeholders, a generic word
    /// away from its key.
    @Test(arguments: [
        "PasswordPolicy decides the first; AdminCreateUserConfig.AllowAdminCreateUserOnly the second.",
        "lab2/product-service.json: tenantContext.",
        "Whose credentials should the service use: the tenant's, from the caller's ID token?",
        "A TenantUser's role is read-only on products; the rules of the mapping decide who gets it.",
        "Each file is a JSON object with {{placeholders}} such as {{provider_name}} and {{client_id}}.",
        "A Scan touches no partition key, so ForAllValues over an empty set is true: never grant Scan to a tenant role.",
    ])
    func guidanceIsNotALeak(hint: String) throws {
        #expect(try HintLeaks(try Self.answers()).leaks(in: hint).isEmpty)
    }

    @Test func theAnswersAreDerivedFromWhatTheSolutionAddsToTheStarter() throws {
        let answers = try Self.answers()
        let words = Set(answers.words.map { "\($0.file): \($0.text)" })
        let settings = Set(answers.settings.map { "\($0.file): \($0.key) = \($0.value)" })
        for expected in [
            "lab1/user-pool.json: tenant_id", "lab1/user-pool.json: 8", "lab1/app-client.json: WriteAttributes",
            "lab1/app-client.json: given_name", "lab1/tenant.json: companyName", "lab2/product-table.json: RANGE",
            "lab3/role-mappings.json: AmbiguousRoleResolution", "lab3/role-mappings.json: Deny",
            "code/lab2/product-service/product_manager.py: KeyConditionExpression",
        ] {
            #expect(words.contains(expected), "\(expected) is missing from \(words.sorted())")
        }
        for expected in [
            "lab1/app-client.json: GenerateSecret = false", "lab1/user-pool.json: Mutable = false",
            "lab2/product-service.json: tenantContext = token", "lab3/product-service.json: credentials = tenant",
        ] {
            #expect(settings.contains(expected), "\(expected) is missing from \(settings.sorted())")
        }
        // What the starter already holds, placeholders and the Python docstrings are no answers.
        let texts = Set(answers.words.map(\.text))
        for given in ["HASH", "product_id", "ForAllValues:StringEquals", "dynamodb:LeadingKeys", "2012-10-17", "tenant_admin_role_arn",
                      "provider_name", "client_id", "get_tenant_id", "The product manager"] {
            #expect(!texts.contains(where: { $0.contains(given) }), "\(given) counts as an answer")
        }
    }

    /// The allow-list stays minimal: each word in it is one the solution adds, and some hint
    /// says it.
    @Test func everyOrdinaryWordIsAnAnswerWordThatSomeHintNeeds() throws {
        let answers = Set(try Self.answers().words.map { $0.text.lowercased() })
        let hints = try Self.hints().map(\.text)
        for word in HintLeaks.ordinaryWords.keys {
            #expect(answers.contains(word.lowercased()), "\(word) is allowed but is no answer: drop it from ordinaryWords")
            let pattern = try NSRegularExpression(pattern: #"(?<![\p{L}\p{N}_])"# + word + #"(?![\p{L}\p{N}_])"#, options: .caseInsensitive)
            #expect(hints.contains { pattern.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil },
                    "no hint says \(word): drop it from ordinaryWords")
        }
    }

    @Test func pythonStringLiteralsLeaveOutDocstringsAndComments() {
        let source = #"""
            """Module docstring, prose."""
            import os  # a "comment" with quotes
            NAMES = ("a", 'b')


            def f(request):
                '''A function's docstring.'''
                query = {"KeyConditionExpression": r"x\"y",
                         "Other": f"{request} and {{braces}}"}
                return b'bytes' + """triple
            value"""
            """#
        #expect(PythonStrings.literals(in: source) == ["a", "b", "KeyConditionExpression", #"x\"y"#, "Other", "{request} and {{braces}}", "bytes", "triple\nvalue"])
    }
}
