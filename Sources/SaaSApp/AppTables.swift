/// The bootcamp's tables. The app creates the tenant, user and order tables at start; the
/// product table is the participant's to create (Lab 2), in whichever key schema they choose.
struct AppTables: Sendable {
    static let tenantTable = "TenantBootcamp"
    static let userTable = "UserBootcamp"
    static let orderTable = "OrderBootcamp"
    static let productTable = "ProductBootcamp"
    /// The user table's index on `user_id` (the user name), for finding a user's pool at sign-in.
    static let userNameIndex = "UserNameIndex"

    let tenants: DynamoTable
    let users: DynamoTable
    let orders: DynamoTable
    let products: DynamoTable

    init(aws: AWSClient) {
        tenants = DynamoTable(aws: aws, name: Self.tenantTable)
        users = DynamoTable(aws: aws, name: Self.userTable)
        orders = DynamoTable(aws: aws, name: Self.orderTable)
        products = DynamoTable(aws: aws, name: Self.productTable)
    }

    static func arn(_ table: String, region: String, accountId: String) -> String {
        "arn:aws:dynamodb:\(region):\(accountId):table/\(table)"
    }
}
