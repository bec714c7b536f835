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
            let name: String
            if let given = try input.optionalString("UserName") {
                name = given
            } else if case .user(let own) = principal.kind {
                name = own
            } else {
                throw AWSError.validationError("Must specify userName when calling with non-User credentials")
            }
            let user = try service.existingUser(name, principal, "GetUser")
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
    ]

    func existingUser(_ name: String, _ principal: IAMPrincipal, _ action: String) throws(AWSError) -> IAMUser {
        guard let user = try? store.user(named: name) else {
            try authorize(principal, action, userARN(name))
            throw AWSError(IAMError.noSuchEntity("The user with name \(name) cannot be found."))
        }
        try authorize(principal, action, user.arn)
        return user
    }
}
