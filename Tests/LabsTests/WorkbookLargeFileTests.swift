import Foundation
import Testing
@testable import Labs

/// Large lab files parse whole: many steps, and one very long line. (How fast and in how much
/// memory is measured in docs/benchmarks.md, not here.)
@Suite struct WorkbookLargeFileTests {
    /// A step like the course's: prose, a request with a JSON body, captures and asserts.
    private func part(_ n: Int) -> String {
        """
        ## Part \(n)

        Creates product \(n) and reads it back; the product must carry the tenant's id.

        ```hurl {id=s\(n) points=2 needs=\(n == 0 ? "sign-in" : "s\(n - 1)") hint="Check the product service"}
        POST {{api}}/products
        Authorization: Bearer {{token}}
        Content-Type: application/json
        {
          "sku": "SKU-\(n)",
          "name": "Produit n° \(n) — été"
        }
        HTTP 201
        [Captures]
        product_\(n): jsonpath "$.productId"
        [Asserts]
        jsonpath "$.sku" == "SKU-\(n)"

        GET {{api}}/products/{{product_\(n)}}
        Authorization: Bearer {{token}}
        HTTP 200
        ```


        """
    }

    private let signIn = """
        ```hurl {id=sign-in points=0}
        POST {{api}}/auth
        {"userName": "admin", "password": "{{system_admin_password}}"}
        HTTP 200
        [Captures]
        token: jsonpath "$.token"
        ```

        """

    @Test func aLabOfThousandsOfStepsParses() throws {
        let count = 1200
        let text = labText(signIn + (0..<count).map(part).joined())
        #expect(text.utf8.count > 500_000)
        let lab = try parse(text)
        #expect(lab.steps.count == count + 1)
        #expect(lab.maximumPoints == 2 * count)
        let last = try #require(lab.steps.last)
        #expect(last.id == "s\(count - 1)")
        #expect(last.needs.map(\.id) == ["s\(count - 2)"])
        // The last fence is the 5th line of the last part.
        func lineCount(_ text: String) -> Int { text.split(separator: "\n", omittingEmptySubsequences: false).count - 1 }
        let firstPart = 5 + lineCount(signIn)
        #expect(last.location == at(firstPart + lineCount(part(0)) * (count - 1) + 4, 1))
        guard case .json(let body)? = last.entries[0].request.body?.kind else {
            Issue.record("no JSON body")
            return
        }
        #expect(body.literalText == "{\n  \"sku\": \"SKU-\(count - 1)\",\n  \"name\": \"Produit n° \(count - 1) — été\"\n}")
        #expect(last.entries[1].request.url.variables.map(\.name) == ["api", "product_\(count - 1)"])
        // Prose between the steps is kept as written.
        guard case .prose(let prose) = lab.blocks[lab.blocks.count - 2] else {
            Issue.record("no prose before the last step")
            return
        }
        #expect(prose.text == "## Part \(count - 1)\n\nCreates product \(count - 1) and reads it back; the product must carry the tenant's id.")
    }

    @Test func aLineOfHalfAMillionCharactersParses() throws {
        let filler = String(repeating: "ab€", count: 170_000)
        let lab = try parse(labText("```hurl {id=big}\nPOST {{api}}/echo\n{\"data\": \"\(filler)\", \"at\": \"{{region}}\"}\nHTTP 200\n```\n"))
        guard case .json(let body)? = lab.steps.first?.entries.first?.request.body?.kind else {
            Issue.record("no JSON body")
            return
        }
        #expect(body.parts.count == 3)
        #expect(body.parts.first == .literal("{\"data\": \"\(filler)\", \"at\": \""))
        // Columns count characters: the three-byte € is one.
        #expect(body.variables.map(\.location) == [at(7, 20 + filler.count + 3)])
    }

    @Test func windowsLineEndingsReadLikeUnixOnes() throws {
        let unix = labText(signIn + part(0))
        let windows = unix.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try parse(windows) == parse(unix))
    }
}
