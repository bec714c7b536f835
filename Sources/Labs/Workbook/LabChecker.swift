import Core

/// Checks that need the whole lab: unique step ids, `needs` that point backwards, and variables
/// that something defines before they are used.
struct LabChecker {
    /// Names defined outside the lab: built-ins and `--variable` names.
    let predefined: Set<String>
    /// Whether to check variables; off when a block failed to parse, since its captures are
    /// unknown and every later use of them would be reported wrongly.
    let checksVariables: Bool
    /// The lab file's lines, to show the offending line under each error.
    let lines: [SourceLine]
    /// Steps that failed to parse (already reported): they still exist for `needs`.
    var brokenStepIDs: [String: SourceLocation] = [:]

    func check(_ lab: Lab) -> [LabFileError] {
        var errors: [LabFileError] = []
        var earlier: [String: SourceLocation] = [:]
        let all = Set(lab.steps.map(\.id))
        var defined = predefined
        for step in lab.steps {
            if let first = earlier[step.id] {
                errors.append(error("step id '\(step.id)' is already used by the step at line \(first.line)",
                                    at: step.location))
            }
            for need in step.needs {
                if need.id == step.id {
                    errors.append(error("step '\(step.id)' cannot need itself", at: need.location))
                } else if earlier[need.id] == nil,
                          brokenStepIDs[need.id].map({ $0.line < step.location.line }) != true {
                    let message = all.contains(need.id)
                        ? "step '\(step.id)' needs '\(need.id)', which comes later: a step can only need earlier steps"
                        : "step '\(step.id)' needs '\(need.id)', but the lab has no such step\(hint(need.id, among: earlier.keys))"
                    errors.append(error(message, at: need.location))
                }
            }
            earlier[step.id] = earlier[step.id] ?? step.location
            if checksVariables {
                errors += variables(step, defined: &defined)
            }
        }
        return errors
    }

    /// Walks a step's entries in the order the runner evaluates them, defining as it goes.
    private func variables(_ step: Step, defined: inout Set<String>) -> [LabFileError] {
        var errors: [LabFileError] = []
        func use(_ template: Template) {
            for (name, location) in template.variables where !defined.contains(name) {
                errors.append(error("unknown variable '\(name)': no earlier step captures it and it is not a built-in\(hint(name, among: defined))",
                                    at: location))
            }
        }
        for entry in step.entries {
            let request = entry.request
            // [Options] variables are set before the request is built, in order.
            for definition in request.options.variables {
                use(definition.value)
                defined.insert(definition.name)
            }
            use(request.url)
            request.headers.forEach { use($0.value) }
            request.queryParameters.forEach { use($0.value) }
            request.formParameters.forEach { use($0.value) }
            if let sigV4 = request.options.awsSigV4 { use(sigV4.region) }
            if let user = request.options.user { use(user.accessKey); use(user.secret) }
            switch request.body?.kind {
            case .json(let t), .multiline(let t, _), .oneline(let t): use(t)
            case .file, nil: break
            }
            guard let response = entry.response else { continue }
            response.headers.forEach { use($0.value) }
            // Captures run before asserts, so asserts may use what this entry captured.
            for capture in response.captures {
                queryTemplates(capture.query).forEach(use)
                capture.filters.flatMap(filterTemplates).forEach(use)
                defined.insert(capture.name)
            }
            for assert in response.asserts {
                queryTemplates(assert.query).forEach(use)
                assert.filters.flatMap(filterTemplates).forEach(use)
                switch assert.predicate.value {
                case .string(let t), .variable(let t): use(t)
                default: break
                }
            }
        }
        // The note is rendered after the step, with everything it captured.
        if let note = step.note { use(note) }
        return errors
    }

    private func queryTemplates(_ query: Query) -> [Template] {
        switch query.kind {
        case .header(let t), .jsonpath(let t), .regex(let t): [t]
        case .variable(let name): [Template([.variable(name, query.location)], location: query.location)]
        default: []
        }
    }

    private func filterTemplates(_ filter: Filter) -> [Template] {
        switch filter.kind {
        case .split(let t), .decode(let t), .jsonpath(let t): [t]
        case .count, .nth, .base64UrlSafeDecode, .utf8Decode: []
        }
    }

    private func hint(_ word: String, among candidates: some Collection<String>) -> String {
        Suggestion.closest(to: word, among: candidates.sorted()).map { "; did you mean '\($0)'?" } ?? ""
    }

    private func error(_ message: String, at location: SourceLocation) -> LabFileError {
        let text = lines.indices.contains(location.line - 1) ? lines[location.line - 1].text : ""
        return LabFileError(location: location, message: message, sourceLine: text)
    }
}
