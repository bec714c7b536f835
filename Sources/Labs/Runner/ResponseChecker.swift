import Core

/// Checks one response against an entry's `ResponseSpec`: status, headers, then captures
/// (stored into the variables) and asserts, collecting every failure rather than the first.
struct ResponseChecker: Sendable {
    var variables: RunVariables

    /// The most text a lab's regex may search. A backtracking pattern's time grows with its
    /// input; past this a response is refused rather than searched.
    static let regexTextLimit = 64 << 10

    /// The failures for `exchange`; captures are added to ``variables`` as they succeed.
    mutating func check(_ spec: ResponseSpec, _ exchange: ExchangeSnapshot) throws(StepInterruption) -> [AssertFailure] {
        var failures: [AssertFailure] = []
        // An error response named in the failure itself, so a participant reads the platform's
        // reason (a refused table layout, an AccessDenied) where the step says what it expected.
        // Worked out only once something failed: passing checks never parse the body for it.
        var summarised: String??
        func errorSummary() -> String? {
            if let summarised { return summarised }
            let summary = exchange.errorSummary
            summarised = .some(summary)
            return summary
        }
        if case .code(let expected) = spec.status, exchange.status != expected {
            failures.append(AssertFailure(location: spec.location, check: "HTTP \(expected)",
                                          expected: "\(expected)", actual: errorSummary() ?? "\(exchange.status)"))
        }
        for header in spec.headers {
            let wanted = try variables.render(header.value)
            let actual = exchange.headerValues(header.name)
            if !actual.contains(wanted) {
                // A credential header's values are not printed, as for a `header` assert.
                let value: HurlValue = actual.count == 1 ? .string(actual[0]) : .list(actual.map(HurlValue.string))
                let shown = actual.isEmpty ? "none"
                    : SecretSelection.masked(value, named: .header(header.name)) ?? actual.map { HurlValue.string($0).literal }.joined(separator: ", ")
                failures.append(AssertFailure(
                    location: header.location, check: "header \(header.name)", expected: HurlValue.string(wanted).literal, actual: shown))
            }
        }
        var evaluator = QueryEvaluator(exchange: exchange, variables: variables.values)
        func captureFailed(_ capture: Capture, _ why: String) {
            failures.append(AssertFailure(location: capture.location, check: "capture \(capture.name)",
                                          expected: "a value", actual: "error: \(why)"))
            variables.failedCaptures[capture.name] = why
        }
        for capture in spec.captures {
            let check = "capture \(capture.name)"
            do {
                let hurlQuery = try query(capture.query)
                if let tooLong = regexInputTooLong(hurlQuery, [], matches: false, exchange, &evaluator) {
                    failures.append(AssertFailure(location: capture.location, check: check, expected: "a value", actual: tooLong))
                    continue
                }
                let value = try evaluator.evaluate(hurlQuery, filters: try capture.filters.map(filter))
                // Hurl fails a capture that matches nothing: an empty value would only
                // surface later as a puzzling empty string in another step's request.
                guard value != .none else { throw HurlQueryError("the query matched nothing") }
                variables.values[capture.name] = value
                evaluator.variables[capture.name] = value
            } catch let error as HurlQueryError {
                captureFailed(capture, error.message)
            } catch let interruption as StepInterruption {
                throw interruption
            } catch {
                captureFailed(capture, "\(error)")
            }
        }
        for assert in spec.asserts {
            let hurlQuery: HurlQuery
            let hurlFilters: [HurlFilter]
            do {
                hurlQuery = try query(assert.query)
                hurlFilters = try assert.filters.map(filter)
            } catch let interruption as StepInterruption {
                guard interruption.kind == .failedCapture else { throw interruption }
                failures.append(AssertFailure(location: assert.location, check: "\(assert.query.kind)", expected: "a query",
                                              actual: interruption.message))
                continue
            } catch {
                failures.append(AssertFailure(location: assert.location, check: "\(assert.query.kind)", expected: "a query", actual: "error: \(error)"))
                continue
            }
            let predicate: HurlPredicate
            do { predicate = try self.predicate(assert) } catch where error.kind == .failedCapture {
                failures.append(AssertFailure(location: assert.location, check: "\(hurlQuery)", expected: "a value", actual: error.message))
                continue
            }
            var isMatches = false
            if case .matches = predicate.function { isMatches = true }
            if let tooLong = regexInputTooLong(hurlQuery, hurlFilters, matches: isMatches, exchange, &evaluator) {
                failures.append(AssertFailure(location: assert.location, check: "\(hurlQuery) \(predicate)",
                                              expected: "text a regex may search", actual: tooLong))
                continue
            }
            let outcome = evaluator.check(hurlQuery, filters: hurlFilters, predicate)
            if !outcome.passed {
                let filters = hurlFilters.map { " \($0)" }.joined()
                var actual = outcome.actual + (outcome.typeMismatch.map { " (\($0))" } ?? "")
                if case .jsonpath = hurlQuery, let errorSummary = errorSummary() {
                    // Counting an error body's fields would read like rows that leaked.
                    actual = hurlFilters.contains(.count) ? "\(errorSummary), nothing to count" : "\(actual), in \(errorSummary)"
                }
                failures.append(AssertFailure(
                    location: assert.location, check: "\(hurlQuery)\(filters) \(predicate)",
                    expected: outcome.expected, actual: actual))
            }
        }
        return failures
    }

    /// Why a regex would search too much text (the `regex` query searches the body, `matches`
    /// its query's value), or nil when the text is within ``regexTextLimit``.
    private func regexInputTooLong(
        _ query: HurlQuery, _ filters: [HurlFilter], matches: Bool, _ exchange: ExchangeSnapshot,
        _ evaluator: inout QueryEvaluator
    ) -> String? {
        var size = 0
        if case .regex = query {
            size = exchange.body.count
        } else if matches, case .string(let text)? = try? evaluator.evaluate(query, filters: filters) {
            size = text.utf8.count
        }
        guard size > Self.regexTextLimit else { return nil }
        return "\(size) bytes of text: a regex searches at most \(Self.regexTextLimit >> 10) KiB"
    }

    /// The evaluation module's query for a lab file's query, templates rendered.
    private func query(_ query: Query) throws -> HurlQuery {
        switch query.kind {
        case .status: return .status
        case .header(let name): return .header(try variables.render(name))
        case .body: return .body
        case .jsonpath(let path): return .jsonpath(try JSONPath(try variables.render(path)))
        case .regex(let pattern): return .regex(try variables.render(pattern))
        case .variable(let name): return .variable(name)
        case .duration: return .duration
        case .sha256: return .sha256
        }
    }

    /// The evaluation module's filter for a lab file's filter, templates rendered.
    private func filter(_ filter: Filter) throws -> HurlFilter {
        switch filter.kind {
        case .count: .count
        case .nth(let index): .nth(index)
        case .split(let separator): .split(try variables.render(separator))
        case .base64UrlSafeDecode: .base64UrlSafeDecode
        case .utf8Decode: .utf8Decode
        case .decode(let charset): .decode(try variables.render(charset))
        case .jsonpath(let path): .jsonpath(try JSONPath(try variables.render(path)))
        }
    }

    /// The evaluation module's predicate, its value typed as the lab file wrote it.
    private func predicate(_ assert: Assert) throws(StepInterruption) -> HurlPredicate {
        let value: HurlValue
        var pattern: String?
        switch assert.predicate.value {
        case .string(let template)?: value = .string(try variables.render(template))
        case .integer(let number)?: value = .integer(number)
        case .float(let number, let text)?: value = JSONNumber(text).map { HurlValue.float($0) } ?? HurlValue.float(number)
        case .boolean(let flag)?: value = .boolean(flag)
        case .null?: value = .null
        case .variable(let template)?: value = try variables.typedValue(template)
        case .regex(let regex)?: value = .string(regex); pattern = regex
        case nil: value = .none
        }
        let function: HurlPredicate.Function = switch assert.predicate.op {
        case .equal: .equal(value)
        case .notEqual: .notEqual(value)
        case .greater: .greater(value)
        case .greaterOrEqual: .greaterOrEqual(value)
        case .less: .less(value)
        case .lessOrEqual: .lessOrEqual(value)
        case .startsWith: .startsWith(value)
        case .endsWith: .endsWith(value)
        case .contains: .contains(value)
        case .includes: .includes(value)
        case .matches: .matches(pattern: pattern ?? value.templateText)
        case .exists: .exists
        case .isEmpty: .isEmpty
        case .isString: .isString
        case .isInteger: .isInteger
        case .isFloat: .isFloat
        case .isBoolean: .isBoolean
        case .isCollection: .isCollection
        }
        return HurlPredicate(function, negated: assert.isNegated)
    }
}
