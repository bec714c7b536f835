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
    let lines: SourceLines
    /// Steps that failed to parse (already reported): they still exist for `needs`.
    var brokenStepIDs: [String: SourceLocation] = [:]

    /// Adds what is wrong with `lab` to `errors`.
    func check(_ lab: Lab, into errors: inout LabFileErrors) {
        var earlier: [String: SourceLocation] = [:]
        // The steps are read where they are, not copied out: a copy of a large lab's steps
        // would double what it holds.
        let steps = lab.blocks.lazy.compactMap { block -> Step? in
            if case .step(let step) = block { return step }
            return nil
        }
        let all = Set(steps.map(\.id))
        var defined = predefined
        for step in steps {
            if let first = earlier[step.id] {
                report("step id '\(step.id)' is already used by the step at line \(first.line)", at: step.location, in: &errors)
            }
            for need in step.needs {
                if need.id == step.id {
                    report("step '\(step.id)' cannot need itself", at: need.location, in: &errors)
                } else if earlier[need.id] == nil,
                          brokenStepIDs[need.id].map({ $0.line < step.location.line }) != true {
                    report(all.contains(need.id)
                           ? "step '\(step.id)' needs '\(need.id)', which comes later: a step can only need earlier steps"
                           : "step '\(step.id)' needs '\(need.id)', but the lab has no such step\(hint(need.id, among: earlier.keys))",
                           at: need.location, in: &errors)
                }
            }
            earlier[step.id] = earlier[step.id] ?? step.location
            if checksVariables {
                variables(step, defined: &defined, errors: &errors)
            }
        }
    }

    /// Walks a step's entries in the order the runner evaluates them, defining as it goes.
    private func variables(_ step: Step, defined: inout Set<String>, errors: inout LabFileErrors) {
        func use(_ template: Template) {
            // The parts are read as they are: a list of the variables first would be another
            // copy of a line holding a million placeholders.
            for case .variable(let name, let location) in template.parts where !defined.contains(name) {
                report("unknown variable '\(name)': no earlier step captures it and it is not a built-in\(hint(name, among: defined))",
                       at: location, in: &errors)
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

    /// Adds the error `message` at `location`, worked out (a suggestion among every name
    /// defined so far) only when it may be shown.
    private func report(_ message: @autoclosure () -> String, at location: SourceLocation, in errors: inout LabFileErrors) {
        errors.append(at: location) {
            guard lines.indices.contains(location.line - 1) else {
                return LabFileError(location: location, message: message(), sourceLine: "")
            }
            return lines[location.line - 1].error(message(), at: location.column - 1)
        }
    }
}
