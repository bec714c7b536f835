import Core
import IAM

extension IAMQueryService {
    static let userHandlers: [String: Handler] = [
        "CreateUser": { service, input, principal throws(AWSError) in
            let name = try input.string("UserName")
            let path = try input.optionalString("Path") ?? "/"
            try service.authorize(principal, "CreateUser", service.userARN(name, path: path))
            let tags = try IAMShapes.tags(in: input)
            let user = try service.run { () throws(IAMError) in try service.store.createUser(name: name, path: path, tags: tags) }
            return ["User": IAMShapes.user(user)]
        },
        "GetUser": { service, input, principal throws(AWSError) in
            // Without a UserName, GetUser describes the caller, as in AWS.
            let user = try service.existingUser(try service.userName(input, principal), principal, "GetUser")
            return ["User": IAMShapes.user(user)]
        },
        "CreateAccessKey": { service, input, principal throws(AWSError) in
            let user = try service.existingUser(try input.string("UserName"), principal, "CreateAccessKey")
            let key = try service.run { () throws(IAMError) in try service.store.createAccessKey(userName: user.name) }
            return [
                "AccessKey": [
                    "UserName": .string(key.userName), "AccessKeyId": .string(key.accessKeyId), "Status": "Active",
                    "SecretAccessKey": .string(key.secretAccessKey), "CreateDate": IAMShapes.date(key.created),
                ],
            ]
        },
        "PutUserPolicy": { service, input, principal throws(AWSError) in
            let user = try service.existingUser(try input.string("UserName"), principal, "PutUserPolicy")
            let name = try input.string("PolicyName")
            let document = try input.string("PolicyDocument")
            try service.run { () throws(IAMError) in
                try service.store.putUserPolicy(userName: user.name, policyName: name, document: document)
            }
            return [:]
        },
        "AttachUserPolicy": { service, input, principal throws(AWSError) in
            let user = try service.existingUser(try input.string("UserName"), principal, "AttachUserPolicy")
            let arn = try input.string("PolicyArn")
            try service.run { () throws(IAMError) in try service.store.attachUserPolicy(userName: user.name, policyARN: arn) }
            return [:]
        },
    ]

    /// ListUsers and ListAccessKeys.
    static let userListHandlers: [String: Handler] = [
        "ListUsers": { service, input, principal throws(AWSError) in
            let paging = try IAMListPaging(input)
            let prefix = try input.optionalString("PathPrefix") ?? "/"
            try service.authorize(principal, "ListUsers", "*")
            return .object(paging.output(service.store.users(pathPrefix: prefix), member: "Users", key: \.name, shape: IAMShapes.user))
        },
        "ListAccessKeys": { service, input, principal throws(AWSError) in
            let paging = try IAMListPaging(input)
            // Without a UserName, the caller's own keys, as in AWS.
            let name = try service.userName(input, principal)
            let user = try service.existingUser(name, principal, "ListAccessKeys")
            let keys = try service.run { () throws(IAMError) in try service.store.accessKeys(userName: user.name) }
            return .object(paging.output(keys, member: "AccessKeyMetadata", key: \.accessKeyId) { key in
                [
                    "UserName": .string(key.userName), "AccessKeyId": .string(key.accessKeyId),
                    "Status": key.active ? "Active" : "Inactive", "CreateDate": IAMShapes.date(key.created),
                ]
            })
        },
    ]

    static let policyHandlers: [String: Handler] = [
        "CreatePolicy": { service, input, principal throws(AWSError) in
            let name = try input.string("PolicyName")
            let path = try input.optionalString("Path") ?? "/"
            try service.authorize(principal, "CreatePolicy", service.store.arn("policy", path: path, name: name))
            let document = try input.string("PolicyDocument")
            let description = try input.optionalString("Description") ?? ""
            let policy = try service.run { () throws(IAMError) in
                try service.store.createPolicy(name: name, path: path, document: document, description: description)
            }
            return ["Policy": IAMShapes.policy(policy, attachments: 0)]
        },
        "GetPolicy": { service, input, principal throws(AWSError) in
            let arn = try input.string("PolicyArn")
            try service.authorize(principal, "GetPolicy", arn)
            let policy = try service.run { () throws(IAMError) in try service.store.managedPolicy(arn: arn) }
            return ["Policy": IAMShapes.policy(policy, attachments: service.store.attachmentCount(policyARN: arn))]
        },
        "ListPolicies": { service, input, principal throws(AWSError) in
            let paging = try IAMListPaging(input)
            let scope: PolicyScope = try input.optionalEnumeration("Scope") ?? .all
            let usage: PolicyUsage? = try input.optionalEnumeration("PolicyUsageFilter")
            let onlyAttached = try input.optionalBool("OnlyAttached") ?? false
            let prefix = try input.optionalString("PathPrefix") ?? "/"
            try service.authorize(principal, "ListPolicies", "*")
            let policies = service.store.listPolicies(scope: scope, onlyAttached: onlyAttached, pathPrefix: prefix, usage: usage)
            return .object(paging.output(policies, member: "Policies", key: \.policy.arn) { IAMShapes.policy($0.policy, attachments: $0.attachments) })
        },
        "GetPolicyVersion": { service, input, principal throws(AWSError) in
            let arn = try input.string("PolicyArn")
            let versionId = try IAMShapes.versionId(in: input)
            try service.authorize(principal, "GetPolicyVersion", arn)
            let policy = try service.run { () throws(IAMError) in try service.store.policyVersion(arn: arn, versionId: versionId) }
            return ["PolicyVersion": IAMShapes.version(policy, withDocument: true)]
        },
        "ListPolicyVersions": { service, input, principal throws(AWSError) in
            let paging = try IAMListPaging(input)
            let arn = try input.string("PolicyArn")
            try service.authorize(principal, "ListPolicyVersions", arn)
            let policy = try service.run { () throws(IAMError) in try service.store.managedPolicy(arn: arn) }
            return .object(paging.output([policy], member: "Versions", key: \.defaultVersionId) { IAMShapes.version($0, withDocument: false) })
        },
    ]

    /// `UserName`, or the calling user's own name when it is absent; a role session must
    /// name one, in IAM's words.
    func userName(_ input: CloudMembers, _ principal: IAMPrincipal) throws(AWSError) -> String {
        if let given = try input.optionalString("UserName") { return given }
        guard case .user(let own) = principal.kind else {
            throw AWSError.validationError("Must specify userName when calling with non-User credentials")
        }
        return own
    }

    func existingUser(_ name: String, _ principal: IAMPrincipal, _ action: String) throws(AWSError) -> IAMUser {
        guard let user = try? store.user(named: name) else {
            try authorize(principal, action, userARN(name))
            throw AWSError(IAMError.noSuchEntity("The user with name \(name) cannot be found."))
        }
        try authorize(principal, action, user.arn)
        return user
    }
}
