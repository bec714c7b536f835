import Core
import IAM

extension IAMQueryService {
    /// SimulateCustomPolicy and SimulatePrincipalPolicy: the engine's own decisions, with the
    /// statements that decided and the context keys the policies asked for but did not get.
    static let simulationHandlers: [String: Handler] = [
        "SimulateCustomPolicy": { service, input, principal throws(AWSError) in
            try service.authorize(principal, "SimulateCustomPolicy", "*")
            let policies = try service.inputPolicies(input, member: "PolicyInputList")
            let callerARN = try input.optionalString("CallerArn") ?? principal.arn
            return try service.simulate(policies, input: input, callerARN: callerARN)
        },
        "SimulatePrincipalPolicy": { service, input, principal throws(AWSError) in
            let source = try input.string("PolicySourceArn")
            try service.authorize(principal, "SimulatePrincipalPolicy", source)
            let own = try service.run { () throws(IAMError) in try service.store.identityPolicies(ofEntity: source) }
            let extra = try service.inputPolicies(input, member: "PolicyInputList", required: false)
            let callerARN = try input.optionalString("CallerArn") ?? source
            return try service.simulate(own + extra, input: input, callerARN: callerARN)
        },
    ]

    /// Parses `PolicyInputList.member.N`, naming each `PolicyInputList.N` as AWS does.
    func inputPolicies(_ input: CloudMembers, member: String, required: Bool = true) throws(AWSError) -> [PolicyDocument] {
        let texts = required ? try input.stringList(member) : try input.optionalStringList(member) ?? []
        var policies: [PolicyDocument] = []
        for (index, text) in texts.enumerated() {
            do {
                policies.append(try PolicyDocument(text, name: "\(member).\(index + 1)"))
            } catch {
                throw AWSError.malformedPolicyDocument("\(member).\(index + 1): \(error.message)")
            }
        }
        return policies
    }

    func simulate(_ policies: [PolicyDocument], input: CloudMembers, callerARN: String) throws(AWSError) -> JSON {
        let actions = try input.stringList("ActionNames")
        let resources = try input.optionalStringList("ResourceArns") ?? ["*"]
        var context: [String: [String]] = [:]
        for entry in try input.optionalStructureList("ContextEntries") ?? [] {
            context[try entry.string("ContextKeyName")] = try entry.optionalStringList("ContextKeyValues") ?? []
        }
        let set = PolicySet(identityPolicies: policies)
        var results: [JSON] = []
        for action in actions {
            for resource in resources {
                let request = AuthorizationRequest(
                    principal: .init(arn: callerARN), action: action, resource: resource,
                    context: AuthorizationContext(context), currentTime: clock.now()
                )
                results.append(Self.result(set.evaluate(request), action: action, resource: resource))
            }
        }
        return ["EvaluationResults": .array(results), "IsTruncated": false]
    }

    static func result(_ decision: Decision, action: String, resource: String) -> JSON {
        let explanation = decision.explanation
        let matched: [JSON] = explanation.matchedStatements.map { statement in
            var object: JSONObject = ["SourcePolicyId": .string(statement.policyName), "SourcePolicyType": "IAM Policy"]
            if let start = statement.start { object["StartPosition"] = ["Line": .number(start.line), "Column": .number(start.column)] }
            if let end = statement.end { object["EndPosition"] = ["Line": .number(end.line), "Column": .number(end.column)] }
            return .object(object)
        }
        // Keys a statement for this action and resource tested but the request lacked.
        var missing: [String] = []
        for trace in explanation.statements where trace.actionMatched && trace.resourceMatched != false {
            for condition in trace.conditions where condition.requestValues == nil && !missing.contains(condition.key) {
                missing.append(condition.key)
            }
        }
        return [
            "EvalActionName": .string(action), "EvalResourceName": .string(resource),
            "EvalDecision": .string(decision.outcome.rawValue), "MatchedStatements": .array(matched),
            "MissingContextValues": .array(missing.map { .string($0) }),
        ]
    }
}
