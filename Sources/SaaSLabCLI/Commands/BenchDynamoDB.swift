import Core
import DynamoDB

/// The table-engine workloads `saaslab bench` measures, on a fresh engine per workload.
extension BenchWorkloads {
    private static func engine(table: String) -> DynamoDBEngine {
        let engine = DynamoDBEngine(region: "us-east-1", accountId: "123456789012", random: SeededRandomSource(seed: 1))
        let request: JSON = [
            "TableName": .string(table), "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [["AttributeName": "tenant_id", "KeyType": "HASH"], ["AttributeName": "id", "KeyType": "RANGE"]],
            "AttributeDefinitions": [["AttributeName": "tenant_id", "AttributeType": "S"], ["AttributeName": "id", "AttributeType": "S"]],
        ]
        do {
            _ = try engine.handle("CreateTable", input: request, authorizer: AllowAllDynamoDBAccess())
        } catch {
            fatalError("bench: CreateTable failed: \(error)")
        }
        return engine
    }

    private static func item(tenant: Int, id: Int) -> Item {
        [
            "tenant_id": .s("TENANT\(tenant)"), "id": .s(String(format: "p%07d", id)),
            "name": .s("Product \(id)"), "price": .n(DynamoNumber(id % 1000)), "sku": .s("SKU-\(id)"),
        ]
    }

    /// PutItem of a five-attribute product into a table of 100 tenants, cycling over 100,000 keys.
    static func dynamoPutItem() -> () -> Void {
        let engine = engine(table: "Product")
        let items = (0..<100_000).map { item(tenant: $0 % 100, id: $0) }
        var next = 0
        return {
            do {
                try engine.putItem(items[next], into: "Product")
            } catch {
                fatalError("bench: PutItem failed: \(error)")
            }
            next = next + 1 == items.count ? 0 : next + 1
        }
    }

    /// GetItem by primary key from a table of 100,000 products.
    static func dynamoGetItem() -> () -> Void {
        let engine = engine(table: "Product")
        let keys: [Item] = (0..<100_000).map { number in
            let full = item(tenant: number % 100, id: number)
            do {
                try engine.putItem(full, into: "Product")
            } catch {
                fatalError("bench: PutItem failed: \(error)")
            }
            return ["tenant_id": full["tenant_id"]!, "id": full["id"]!]
        }
        var next = 0
        return {
            do {
                Sink.keep(try engine.getItem(keys[next], from: "Product") == nil ? 0 : 1)
            } catch {
                fatalError("bench: GetItem failed: \(error)")
            }
            next = next + 1 == keys.count ? 0 : next + 1
        }
    }

    /// A Query request (JSON in, JSON out, as the front door calls it) returning 100 items of
    /// one tenant's partition from a 1,000,000-item table of 1,000 tenants.
    static func dynamoQuery100() -> () -> Void {
        let engine = engine(table: "Product")
        for number in 0..<1_000_000 {
            do {
                try engine.putItem(item(tenant: number % 1000, id: number), into: "Product")
            } catch {
                fatalError("bench: PutItem failed: \(error)")
            }
        }
        let request: JSON = [
            "TableName": "Product", "KeyConditionExpression": "tenant_id = :t AND id BETWEEN :low AND :high",
            "ExpressionAttributeValues": [":t": ["S": "TENANT7"], ":low": ["S": "p0100000"], ":high": ["S": "p0199999"]],
        ]
        return {
            do {
                let result = try engine.handle("Query", input: request, authorizer: AllowAllDynamoDBAccess())
                guard result["Count"]?.intValue == 100 else { fatalError("bench: Query returned \(result["Count"] ?? .null) items") }
            } catch {
                fatalError("bench: Query failed: \(error)")
            }
        }
    }
}
