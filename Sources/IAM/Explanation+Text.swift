/// The text forms of an explanation. Only built when asked for.
extension Explanation {
    /// One line for error messages, e.g.
    /// `no identity-based policy allows dynamodb:Query: statement "ProductTable" in "TenantAdmin":
    /// ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTb] not within [TENANTa]`.
    public var summary: String {
        switch outcome {
        case .allowed:
            guard let statement = statements.first(where: { $0.policyType == decidingPolicyType && $0.effect == .allow && $0.applies }) else {
                return "allowed"
            }
            var text = "\(decidingPolicyType.phrase) \(quoted(statement.policyName)) allows \(action): \(statement.phrase)"
                + statement.literalVariablesNote(statement.writtenTexts)
            // A Deny that would have refused this but for a variable its policy left as text.
            if let deny = statements.first(where: { $0.effect == .deny && $0.actionMatched && $0.principalMatched != false && !$0.applies
                && !$0.literalVariablesNote($0.failingTexts).isEmpty }) {
                text += "; \(deny.phrase) in \(quoted(deny.policyName)) does not deny it: \(deny.failureReason(resource: resource, principal: principalARN))"
            }
            return text
        case .explicitDeny:
            guard let statement = statements.first(where: { $0.policyType == decidingPolicyType && $0.effect == .deny && $0.applies }) else {
                return "explicit deny in \(decidingPolicyType.phraseWithArticle)"
            }
            let conditions = statement.conditions.map(\.summary)
            let when = conditions.isEmpty ? "" : " when " + conditions.joined(separator: "; ")
            return "explicit deny in \(decidingPolicyType.phrase) \(quoted(statement.policyName)): \(statement.phrase) denies \(action) on \(resource)\(when)"
                + statement.literalVariablesNote(statement.writtenTexts)
        case .implicitDeny:
            let head = "no \(decidingPolicyType.phrase) allows \(action)"
            if !statements.contains(where: { $0.policyType == decidingPolicyType }) {
                return "\(head): there is no \(decidingPolicyType.phrase) to evaluate"
            }
            guard let miss = nearestMiss else {
                return "\(head): no statement's Action matches \(action)"
            }
            return "\(head): \(miss.phrase) in \(quoted(miss.policyName)): \(miss.failureReason(resource: resource, principal: principalARN))"
        }
    }

    /// Several lines: the decision, then every statement with what matched and every
    /// condition with the values compared.
    public var report: String {
        var lines = ["\(outcome) for \(action) on \(resource)", "principal: \(principalARN)"]
        var currentPolicy: (String, PolicyType)?
        for trace in statements {
            if currentPolicy.map({ $0.0 != trace.policyName || $0.1 != trace.policyType }) ?? true {
                lines.append("\(trace.policyType.phrase) \(quoted(trace.policyName)):")
                currentPolicy = (trace.policyName, trace.policyType)
            }
            let position = trace.start.map { " at \($0)" } ?? ""
            lines.append("  Statement[\(trace.index)]\(trace.sid.map { " (Sid \(quoted($0)))" } ?? "") \(trace.effect.rawValue)\(position): \(trace.applies ? "applies" : "does not apply")")
            if let principal = trace.principalText, let matched = trace.principalMatched {
                lines.append("    \(principal.element) \(list(principal.entries)): \(matched ? "matches" : "does not match") \(principalARN)")
            }
            lines.append("    \(trace.actionText.element) \(list(trace.actionText.entries)): \(trace.actionMatched ? "matches" : "does not match") \(action)")
            if let resourceText = trace.resourceText, let matched = trace.resourceMatched {
                lines.append("    \(resourceText.element) \(list(resourceText.entries)): \(matched ? "matches" : "does not match") \(resource)"
                    + trace.literalVariablesNote(resourceText.entries))
            }
            for condition in trace.conditions {
                lines.append("    Condition \(condition.summary) [\(condition.held ? "holds" : "fails")]" + trace.literalVariablesNote(condition.policyValues))
            }
        }
        lines.append("result: \(summary)")
        return lines.joined(separator: "\n")
    }
}

extension StatementTrace {
    /// Why this statement did not apply, in one phrase.
    func failureReason(resource: String, principal: String) -> String {
        if !actionMatched {
            return "\(actionText.element) \(list(actionText.entries)) does not match the action"
        }
        if principalMatched == false, let principalText {
            return "\(principalText.element) \(list(principalText.entries)) does not match \(principal)"
        }
        if resourceMatched == false, let resourceText {
            return "\(resourceText.element) \(list(resourceText.entries)) does not match \(resource)" + literalVariablesNote(resourceText.entries)
        }
        if let condition = firstFailedCondition {
            return condition.summary + literalVariablesNote(condition.policyValues)
        }
        return "applies"
    }

    /// The policy's Resource entries and condition values as compared.
    var writtenTexts: [String] {
        (resourceText?.entries ?? []) + conditions.flatMap(\.policyValues)
    }

    /// What kept the statement from applying once its action matched: the Resource entries
    /// when they did not match, else the first failed condition's values.
    var failingTexts: [String] {
        if resourceMatched == false { return resourceText?.entries ?? [] }
        return firstFailedCondition?.policyValues ?? []
    }

    /// ` (the policy has no "Version": "2012-10-17", so IAM left ${aws:PrincipalTag/tenant_id} as
    /// written)` when `texts`, read from this statement, hold policy variables that its policy's
    /// language version leaves as plain text (AWS's rule: variables need 2012-10-17); else empty.
    /// A reader sees `[${aws:PrincipalTag/tenant_id}]` in a refusal and takes it for a tag that
    /// failed to resolve; the cause is the policy's missing Version, and this says so.
    func literalVariablesNote(_ texts: [String]) -> String {
        guard policyVersion != .v2012_10_17 else { return "" }
        var seen: Set<String> = []
        var variables: [String] = []
        for text in texts {
            for variable in PolicyTemplate.variableSources(in: text) where seen.insert(variable).inserted {
                variables.append(variable)
            }
        }
        guard !variables.isEmpty else { return "" }
        return " (the policy has no \"Version\": \"2012-10-17\", so IAM left \(variables.joined(separator: ", ")) as written)"
    }
}

extension ConditionTrace {
    /// `ForAllValues:StringEquals dynamodb:LeadingKeys: request [TENANTb] not within [TENANTa]`.
    public var summary: String {
        "\(operatorName) \(key): \(comparison)"
    }

    private var comparison: String {
        let policy = list(policyValues)
        if op.base == .null {
            // Null's values say whether the key must be absent ("true") or present ("false").
            let state = requestValues.map { "present with \(list($0))" } ?? "absent"
            return held ? "key \(state), as \(policy) expects" : "key \(state), but \(policy) expects \(requestValues == nil ? "it present" : "it absent")"
        }
        guard let requestValues else {
            let reason: String
            if op.ifExists {
                reason = "IfExists holds on a missing key"
            } else if op.qualifier == .forAllValues {
                reason = "ForAllValues holds on no values"
            } else if op.qualifier == .forAnyValue {
                reason = "ForAnyValue needs at least one value"
            } else if op.base.isNegated {
                reason = "a negated operator holds on a missing key"
            } else {
                reason = "needs a value matching \(policy)"
            }
            return "key absent from request (\(reason))"
        }
        let request = list(requestValues)
        let outliers = failingValues.count < requestValues.count && !failingValues.isEmpty ? "; offending: \(list(failingValues))" : ""
        let negated = op.base.isNegated
        switch (op.qualifier, negated) {
        case (nil, false):
            return held ? "request \(request) matches \(policy)" : "request \(request) does not match \(policy)"
        case (nil, true):
            return held ? "request \(request) matches none of \(policy)" : "request \(request) matches \(policy)"
        case (.forAllValues, false):
            return held ? "request \(request) within \(policy)" : "request \(request) not within \(policy)\(outliers)"
        case (.forAllValues, true):
            return held ? "request \(request) all outside \(policy)" : "request \(request) not all outside \(policy)\(outliers)"
        case (.forAnyValue, false):
            return held ? "request \(request) intersects \(policy)" : "none of request \(request) matches \(policy)"
        case (.forAnyValue, true):
            return held ? "some of request \(request) outside \(policy)" : "all of request \(request) within \(policy)"
        }
    }
}

/// `[a, b]`: values as compared, unquoted, as people read them in messages.
func list(_ values: [String]) -> String {
    "[" + values.joined(separator: ", ") + "]"
}
