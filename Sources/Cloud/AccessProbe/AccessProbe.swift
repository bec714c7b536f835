import Core
import HTTP
import IAM

/// Everything one principal may do beyond its own resources, found by trying it.
///
/// `POST /_saaslab/access-probe`, SigV4-signed (for any of the platform's services) by the
/// principal to probe, with an ``AccessProbeScope`` as its body. Every service offers, for
/// every operation it authorises, requests aimed at each resource of the scope
/// (``CloudService/accessProbes(for:)``): another tenant's partition of every table, each
/// table as a whole, the account's lists, other tenants' pools and roles, the IAM and
/// identity-pool configuration. Each request runs through the service's own code under an
/// ``AuthorizationDryRun``: parsed, its access derived and decided by IAM exactly as if it
/// were sent, then stopped before it reads or changes anything. Whatever is allowed beyond the
/// tenant's own resources is a leak, reported with IAM's account of which statement allowed it.
///
/// It is saaslab's own route, not part of any AWS API. It needs no permission of its own: it
/// tells a principal only what that principal may already do.
struct AccessProbe: Sendable {
    let services: [any CloudService]
    let region: String
    let accountId: String
    /// Whether a request whose ``AccessProbeCall/action`` the caller's policies cannot allow
    /// is counted refused without running it (the answer is the same, and a tenant role is
    /// refused most of its 300 or so requests); tests turn it off to check every call's
    /// action against the service's own code.
    var skipsCertainRefusals = true

    /// One probed request's outcome.
    struct Finding: Sendable {
        let call: AccessProbeCall
        let service: any CloudService
        /// The first authorisation the request asked for; nil when it asked none.
        let decision: Decision?
        /// What the service answered instead, when it never reached authorisation.
        let failure: AWSError?
        /// Refused without being run: no statement of the caller's could allow its action.
        var certainlyRefused = false
    }

    /// Runs every service's probes for `scope` as `caller`.
    func run(_ scope: AccessProbeScope, caller: AuthenticatedCaller, request: HTTPRequest) async -> [Finding] {
        let dryRun = AuthorizationDryRun()
        var findings: [Finding] = []
        // Whether the caller's policies could allow an action, by action: a few dozen
        // actions recur across the 300 or so requests.
        var allowable: [String: Bool] = [:]
        func mayAllow(_ action: String) -> Bool? {
            if let known = allowable[action] { return known }
            let answer = dryRun.mayAllow(action, accessKeyId: caller.accessKeyId)
            allowable[action] = answer
            return answer
        }
        for service in services {
            for call in service.accessProbes(for: scope) where !service.allowsAnonymous.contains(call.operation) {
                if skipsCertainRefusals, let action = call.action, mayAllow(action) == false {
                    findings.append(Finding(call: call, service: service, decision: nil, failure: nil, certainlyRefused: true))
                    continue
                }
                findings.append(await probe(call, on: service, caller: caller, request: request, dryRun: dryRun))
            }
        }
        return findings
    }

    private func probe(
        _ probe: AccessProbeCall, on service: any CloudService, caller: AuthenticatedCaller, request: HTTPRequest, dryRun: AuthorizationDryRun
    ) async -> Finding {
        let call = CloudCall(
            service: service.signingName, operation: probe.operation, input: probe.input, caller: caller,
            requestID: "access-probe", region: region, accountId: accountId, awsProtocol: service.awsProtocol, request: request
        )
        let (decision, outcome) = await dryRun.firstDecision { try await service.handle(call) }
        var failure: AWSError?
        if case .failure(let error) = outcome {
            failure = error as? AWSError ?? AWSError(code: "InternalFailure", message: "\(error)", status: 500)
        }
        return Finding(call: probe, service: service, decision: decision, failure: failure)
    }

    /// The probe's answer: leaks first, then what the tenant may and may not do with its own
    /// resources, then what could not be probed.
    static func report(_ findings: [Finding], principal: String, scope: AccessProbeScope) -> JSON {
        var leaks: [JSON] = []
        var seenLeaks: Set<String> = []
        var ownAllowed: [String] = []
        var ownDenied: [String] = []
        var ungated: [String] = []
        var unprobed: [JSON] = []
        var refused = 0
        func leak(_ line: String, _ decision: Decision, target: String, allowedBy: String) {
            guard seenLeaks.insert(line).inserted else { return }
            leaks.append([
                "Action": .string(decision.request.action),
                "Resource": .string(decision.request.resource),
                "Target": .string(target),
                "AllowedBy": .string(allowedBy),
                "Summary": .string("\(line) is allowed: \(allowedBy)"),
            ])
        }
        let forgeable = forgeableTags(findings, scope: scope)
        for finding in findings {
            // Denied whatever its resource or tags: no leak, even through a forged tag.
            if finding.certainlyRefused, let action = finding.call.action {
                if finding.call.reach == .beyond {
                    refused += 1
                } else if !ownDenied.contains("\(action) on \(finding.call.target)") {
                    ownDenied.append("\(action) on \(finding.call.target)")
                }
                continue
            }
            let name = "\(finding.service.signingName):\(finding.call.operation)"
            guard let decision = finding.decision else {
                if let failure = finding.failure, failure.code.contains("AccessDenied") {
                    // Refused before any identity policy was asked: a role's trust policy
                    // that does not trust the caller.
                    refused += 1
                } else if let failure = finding.failure {
                    unprobed.append(["Operation": .string(name), "Target": .string(finding.call.target), "Error": .string("\(failure.code): \(failure.message)")])
                } else if !ungated.contains(name) {
                    ungated.append(name)
                }
                continue
            }
            // Written only when reported: most findings are refusals, counted and dropped.
            var line: String { "\(decision.request.action) on \(finding.call.target)" }
            switch (finding.call.reach, decision.isAllowed) {
            case (.own, true):
                if !ownAllowed.contains(line) { ownAllowed.append(line) }
            case (.own, false):
                if !ownDenied.contains(line) { ownDenied.append(line) }
            case (.beyond, false):
                refused += 1
                guard let other = finding.call.otherPartition else { continue }
                for tag in forgeable {
                    let forged = decision.withPrincipalTag(tag, other)
                    guard forged.isAllowed else { continue }
                    // The line names the permission at fault first: reports cut long lines.
                    leak(
                        "\(line), through a user this role creates with cognito-idp:AdminCreateUser in its own pool, its \(tag) set to \(other)",
                        forged, target: finding.call.target,
                        allowedBy: "this role may call cognito-idp:AdminCreateUser on its own user pool, so it can create a user whose \(tag) is \(other); "
                            + "that user gets the same role with principal tag \(tag) = \(other), and \(forged.explanation.summary)"
                    )
                }
            case (.beyond, true):
                leak(line, decision, target: finding.call.target, allowedBy: decision.explanation.summary)
            }
        }
        return [
            "Principal": .string(principal),
            "Probed": .number(JSONNumber(findings.count)),
            "Refused": .number(JSONNumber(refused)),
            "Leaks": .array(leaks),
            "Own": ["Allowed": .array(ownAllowed.map(JSON.string)), "Denied": .array(ownDenied.map(JSON.string))],
            "Ungated": .array(ungated.map(JSON.string)),
            "Unprobed": .array(unprobed),
        ]
    }

    /// The principal tags a tenant could forge: those carrying its own partition key (so
    /// mapped from its tenant id), when it may create users in its own pool, each of whom
    /// carries whatever attributes their creator gave them, immutable ones included.
    static func forgeableTags(_ findings: [Finding], scope: AccessProbeScope) -> [String] {
        guard let own = scope.own.partitionKey else { return [] }
        // By index: the findings are read in place, not copied one by one.
        for index in findings.indices where findings[index].call.reach == .own && findings[index].call.operation == "AdminCreateUser" {
            guard let creation = findings[index].decision, creation.isAllowed else { continue }
            return creation.principalTags(valued: own)
        }
        return []
    }
}
