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
            guard text.unicodeScalars.count <= PolicySizeQuotas.documentLength else {
                throw AWSError.validationError(
                    "1 validation error detected: Value at '\(input.memberPath(member))' failed to satisfy constraint: "
                        + "Member must satisfy constraint: [Member must have length less than or equal to \(PolicySizeQuotas.documentLength)]"
                )
            }
            do {
                policies.append(try PolicyDocument(text, name: "\(member).\(index + 1)"))
            } catch {
                throw AWSError.malformedPolicyDocument("\(member).\(index + 1): \(error.message)")
            }
        }
        return policies
    }

    /// Every action against every resource, action-major, one page at a time: `MaxItems`
    /// results (100 when absent) from where `Marker` says, and only those are evaluated, so a
    /// page costs the same however many pairs the request names.
    func simulate(_ policies: [PolicyDocument], input: CloudMembers, callerARN: String) throws(AWSError) -> JSON {
        let actions = try input.stringList("ActionNames")
        let resources = try input.optionalStringList("ResourceArns") ?? ["*"]
        let pages = SimulationPages(actions: actions, resources: resources)
        let maxItems = try SimulationPages.maxItems(input)
        let start = try input.optionalString("Marker").map { marker throws(AWSError) in try pages.start(after: marker) } ?? 0
        var context: [String: [String]] = [:]
        for entry in try input.optionalStructureList("ContextEntries") ?? [] {
            context[try entry.string("ContextKeyName")] = try entry.optionalStringList("ContextKeyValues") ?? []
        }
        let set = PolicySet(identityPolicies: policies)
        let requestContext = AuthorizationContext(context)
        let end = min(start + maxItems, pages.total)
        var results: [JSON] = []
        results.reserveCapacity(end - start)
        for index in start..<end {
            let (action, resource) = (actions[index / resources.count], resources[index % resources.count])
            let request = AuthorizationRequest(
                principal: .init(arn: callerARN), action: action, resource: resource,
                context: requestContext, currentTime: clock.now()
            )
            results.append(Self.result(set.evaluate(request), action: action, resource: resource))
        }
        var output: JSONObject = ["EvaluationResults": .array(results), "IsTruncated": .bool(end < pages.total)]
        if end < pages.total { output["Marker"] = .string(pages.marker(at: end)) }
        return .object(output)
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

/// The pages of a simulation's results: `MaxItems`, and the `Marker` that says where the next
/// page starts.
///
/// A marker is opaque to clients: the position of the next result, bound to a digest of the
/// actions and resources it pages through, so a marker from another request (or a made-up
/// one) is refused rather than silently skipping or repeating results.
struct SimulationPages {
    let total: Int
    private let digest: String

    init(actions: [String], resources: [String]) {
        total = actions.count * resources.count
        var hash = SHA256()
        for action in actions { hash.update(action + "\u{0}") }
        hash.update("\u{1}")
        for resource in resources { hash.update(resource + "\u{0}") }
        digest = Hex.encode(Array(hash.finalize().prefix(8)))
    }

    /// `MaxItems`: 1 to 1000, 100 when absent.
    static func maxItems(_ input: CloudMembers) throws(AWSError) -> Int {
        guard let maxItems = try input.optionalInt("MaxItems") else { return 100 }
        let constraint = maxItems < 1 ? "greater than or equal to 1" : maxItems > 1000 ? "less than or equal to 1000" : nil
        guard let constraint else { return maxItems }
        throw AWSError.validation(
            [AWSError.constraintFailure(value: "'\(maxItems)'", member: input.memberPath("MaxItems"), constraint: "Member must have value \(constraint)")],
            code: "ValidationError"
        )
    }

    /// The marker of the page that starts at `position`.
    func marker(at position: Int) -> String {
        Base64URL.encode(Array("\(position):\(digest)".utf8))
    }

    /// The position a marker this request handed out stands for.
    func start(after marker: String) throws(AWSError) -> Int {
        let text = Base64URL.decode(marker).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1] == digest, let position = Int(parts[0]), position >= 1, position < total else {
            throw AWSError.validationError("Invalid Marker.")
        }
        return position
    }
}
