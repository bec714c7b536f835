import Cloud
import Core
import Testing

/// Typed input accessors and the AWS-style errors they raise.
struct CloudMembersTests {
    static let jsonProtocol = AWSProtocol.json(version: "1.0", targetPrefix: "P", errorNamespace: "ns")
    static let queryProtocol = AWSProtocol.query(apiVersion: "2010-05-08", xmlNamespace: "n")

    static func json(_ text: String) -> CloudMembers {
        CloudMembers(try! JSON.parse(text).objectValue!, path: "", awsProtocol: jsonProtocol)
    }

    static func query(_ form: String) -> CloudMembers {
        CloudMembers(try! QueryInputDecoder.decode(URLEncoding.parseForm(form)), path: "", awsProtocol: queryProtocol)
    }

    /// The AWS error `body` throws; nil when it throws nothing (or something else).
    static func failure(_ body: () throws -> Void) -> AWSError? {
        do {
            try body()
            return nil
        } catch {
            return error as? AWSError
        }
    }

    @Test func jsonScalars() throws {
        let members = Self.json(#"{"Name":"n","Limit":25,"Consistent":true,"Gone":null}"#)
        #expect(try members.string("Name") == "n")
        #expect(try members.int("Limit") == 25)
        #expect(try members.bool("Consistent") == true)
        #expect(try members.optionalString("Gone") == nil)
        #expect(try members.optionalInt("Absent") == nil)
        #expect(!members.has("Gone"))
    }

    @Test func queryScalarsParseStrings() throws {
        let members = Self.query("MaxItems=100&OnlyAttached=TRUE&Name=x")
        #expect(try members.int("MaxItems") == 100)
        #expect(try members.bool("OnlyAttached") == true)
        let error = Self.failure { _ = try Self.query("MaxItems=lots").int("MaxItems") }
        #expect(error == AWSError(code: "ValidationError", message: "1 validation error detected: Value 'lots' at 'maxItems' "
            + "failed to satisfy constraint: Member must be an integer"))
    }

    @Test func missingMembersPerProtocol() {
        let json = Self.failure { _ = try Self.json("{}").string("TableName") }
        #expect(json?.code == "ValidationException")
        #expect(json?.message == "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
        let query = Self.failure { _ = try Self.query("").string("RoleName") }
        #expect(query?.code == "ValidationError")
        #expect(query?.status == 400)
    }

    @Test func mistypedJSONMembers() {
        let members = Self.json(#"{"A":[1],"B":{"x":1},"C":"s","D":false}"#)
        #expect(Self.failure { _ = try members.string("A") }?.message == "Start of list found where not expected (at 'a')")
        #expect(Self.failure { _ = try members.string("B") }?.message == "Start of structure or map found where not expected (at 'b')")
        #expect(Self.failure { _ = try members.int("C") }?.message == "STRING_VALUE can not be converted to an Integer (at 'c')")
        #expect(Self.failure { _ = try members.string("D") }?.message == "FALSE_VALUE can not be converted to a String (at 'd')")
        #expect(Self.failure { _ = try members.int("C") }?.code == "SerializationException")
    }

    @Test func nestedStructuresReportFullPaths() throws {
        let members = Self.json(#"{"ProvisionedThroughput":{"ReadCapacityUnits":"five"},"KeySchema":[{"AttributeName":"pk"},{}]}"#)
        let throughput = try members.structure("ProvisionedThroughput")
        #expect(Self.failure { _ = try throughput.int("ReadCapacityUnits") }?.message
            == "STRING_VALUE can not be converted to an Integer (at 'provisionedThroughput.readCapacityUnits')")
        let keys = try members.structureList("KeySchema")
        #expect(try keys[0].string("AttributeName") == "pk")
        #expect(Self.failure { _ = try keys[1].string("AttributeName") }?.message
            == "1 validation error detected: Value null at 'keySchema.2.member.attributeName' failed to satisfy constraint: Member must not be null")
    }

    @Test func listsAndMaps() throws {
        let json = Self.json(#"{"Names":["a","b"],"Tags":{"k":"v"},"Bad":[1]}"#)
        #expect(try json.stringList("Names") == ["a", "b"])
        #expect(try json.stringMap("Tags") == ["k": "v"])
        #expect(try json.optionalStringList("None") == nil)
        #expect(Self.failure { _ = try json.stringList("Bad") }?.message == "NUMBER_VALUE can not be converted to a String (at 'bad.1.member')")

        let query = Self.query("Tags=&Arns.member.1=x&Attributes.entry.1.key=a&Attributes.entry.1.value=1&Role.Name=r")
        #expect(try query.stringList("Tags") == [])
        #expect(try query.stringList("Arns") == ["x"])
        #expect(try query.stringMap("Attributes") == ["a": "1"])
        #expect(try query.structure("Role").string("Name") == "r")
        #expect(Self.failure { _ = try query.string("Role") }?.message
            == "1 validation error detected: Value object at 'role' failed to satisfy constraint: Member must be a string")
    }

    @Test func callMembersAndCaller() throws {
        let call = CloudCall(
            service: "iam", operation: "GetRole", input: ["RoleName": "r"], caller: nil, requestID: "id",
            region: "us-east-1", accountId: "1", awsProtocol: Self.queryProtocol,
            request: .init(method: "POST", target: "/")
        )
        #expect(try call.members.string("RoleName") == "r")
        #expect(Self.failure { _ = try call.requireCaller() }?.code == "MissingAuthenticationToken")
    }
}
