import Core

/// What the access probe aims at: the resources of the tenant whose credentials sign the
/// probe, those of other tenants, and which tables are partitioned by tenant.
///
/// The platform knows tables, pools and roles, not tenants, so the caller names them:
///
/// ```json
/// {"Own": {"PartitionKey": "TENANTa…", "UserPoolId": "us-east-1_A", "IdentityPoolId": "us-east-1:…",
///          "RoleNames": ["TENANTa…-TenantAdmin"]},
///  "Others": [{"PartitionKey": "TENANTb…", "UserPoolId": "us-east-1_B", "IdentityPoolId": "…", "RoleNames": […]}],
///  "TenantTables": ["ProductBootcamp", "OrderBootcamp", "UserBootcamp"]}
/// ```
///
/// Every table of the account not named in `TenantTables` is shared: a tenant has no business
/// in any of its partitions.
public struct AccessProbeScope: Sendable, Equatable {
    /// One tenant's resources; any of them may be absent.
    public struct Holdings: Sendable, Equatable {
        /// The tenant's partition key value in the tenant tables.
        public var partitionKey: String?
        /// The tenant's Cognito user pool.
        public var userPoolId: String?
        /// The tenant's Cognito identity pool.
        public var identityPoolId: String?
        /// The tenant's IAM roles, by name.
        public var roleNames: [String]

        /// Holdings with the given parts.
        public init(partitionKey: String? = nil, userPoolId: String? = nil, identityPoolId: String? = nil, roleNames: [String] = []) {
            self.partitionKey = partitionKey
            self.userPoolId = userPoolId
            self.identityPoolId = identityPoolId
            self.roleNames = roleNames
        }
    }

    /// The signing tenant's resources.
    public var own: Holdings
    /// Every other tenant's.
    public var others: [Holdings]
    /// The tables partitioned by tenant; every other table is the provider's.
    public var tenantTables: Set<String>

    /// A scope with the given parts.
    public init(own: Holdings, others: [Holdings], tenantTables: Set<String>) {
        self.own = own
        self.others = others
        self.tenantTables = tenantTables
    }

    /// The scope a probe request's body describes, or a `ValidationException` naming the
    /// member at fault.
    public init(json: JSON) throws(AWSError) {
        let members = CloudMembers(json.objectValue ?? JSONObject(), path: "", awsProtocol: .json(version: "1.1", targetPrefix: "", errorNamespace: nil))
        guard json.objectValue != nil else {
            throw AWSError(code: "ValidationException", message: "The probe request must be a JSON object with Own, Others and TenantTables.", status: 400)
        }
        own = try Self.holdings(try members.structure("Own"))
        others = try members.structureList("Others").map { (element) throws(AWSError) in try Self.holdings(element) }
        tenantTables = Set(try members.optionalStringList("TenantTables") ?? [])
    }

    private static func holdings(_ members: CloudMembers) throws(AWSError) -> Holdings {
        Holdings(
            partitionKey: try members.optionalString("PartitionKey"),
            userPoolId: try members.optionalString("UserPoolId"),
            identityPoolId: try members.optionalString("IdentityPoolId"),
            roleNames: try members.optionalStringList("RoleNames") ?? []
        )
    }
}
