/// The documents tenant registration provisions from, each in the request shape of the AWS
/// call it feeds, with `{{placeholder}}`s filled in per tenant.
public enum TemplateName: String, CaseIterable, Sendable {
    /// `CreateUserPool`.
    case userPool = "user-pool"
    /// `CreateUserPoolClient`.
    case appClient = "app-client"
    /// `CreateIdentityPool`.
    case identityPool = "identity-pool"
    /// The IAM policy document of the tenant's `<tenant>-TenantAdmin` role.
    case tenantAdminPolicy = "tenant-admin-policy"
    /// The IAM policy document of the tenant's `<tenant>-TenantUser` role.
    case tenantUserPolicy = "tenant-user-policy"
    /// `SetIdentityPoolRoles`: the authenticated role and the role mapping.
    case roleMappings = "role-mappings"
    /// `SetPrincipalTagAttributeMap`: token claims carried into sessions as principal tags.
    case principalTags = "principal-tags"

    /// Placeholders every template may use.
    static let tenantPlaceholders = ["tenant_id", "region", "account", "tenant_table_arn", "user_table_arn", "order_table_arn", "product_table_arn"]

    /// The placeholders known when this template is used: a user pool's template cannot name
    /// the app client, which does not exist yet.
    var placeholders: [String] {
        switch self {
        case .userPool: Self.tenantPlaceholders
        case .appClient: Self.tenantPlaceholders + ["user_pool_id"]
        case .identityPool: Self.tenantPlaceholders + ["user_pool_id", "client_id", "provider_name"]
        case .tenantAdminPolicy, .tenantUserPolicy, .roleMappings, .principalTags:
            Self.tenantPlaceholders + [
                "user_pool_id", "client_id", "provider_name", "identity_pool_id",
                "tenant_admin_role_arn", "tenant_user_role_arn", "trust_role_arn",
            ]
        }
    }

    /// Whether a changed template can be applied to tenants that already exist (their roles,
    /// role mappings and tags can change; their pools are not rebuilt).
    var appliesToExistingTenants: Bool {
        switch self {
        case .tenantAdminPolicy, .tenantUserPolicy, .roleMappings, .principalTags: true
        case .userPool, .appClient, .identityPool: false
        }
    }
}
