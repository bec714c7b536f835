import Cloud
import Core
import Testing

/// Query-protocol parameters decoded into structured input.
struct QueryInputTests {
    static func decode(_ form: String) -> JSON {
        .object(try! QueryInputDecoder.decode(URLEncoding.parseForm(form)))
    }

    @Test func plainMembersWithoutActionAndVersion() {
        let input = Self.decode("Action=CreateRole&Version=2010-05-08&RoleName=admin&Path=%2Fteam%2F&MaxSessionDuration=3600")
        #expect(input.serialized() == #"{"RoleName":"admin","Path":"/team/","MaxSessionDuration":"3600"}"#)
    }

    @Test func membersListsOrderedByIndex() {
        let input = Self.decode("PolicyArns.member.2=b&PolicyArns.member.10=c&PolicyArns.member.1=a")
        #expect(input.serialized() == #"{"PolicyArns":["a","b","c"]}"#)
    }

    @Test func flattenedLists() {
        let input = Self.decode("Names.2=y&Names.1=x")
        #expect(input.serialized() == #"{"Names":["x","y"]}"#)
    }

    @Test func listsOfStructures() {
        let input = Self.decode("RoleName=r&Tags.member.1.Key=team&Tags.member.1.Value=a&Tags.member.2.Key=env&Tags.member.2.Value=prod")
        #expect(input.serialized() == #"{"RoleName":"r","Tags":[{"Key":"team","Value":"a"},{"Key":"env","Value":"prod"}]}"#)
    }

    @Test func nestedListsInsideListStructures() {
        let input = Self.decode(
            "ContextEntries.member.1.ContextKeyName=aws%3APrincipalTag%2Ftenant&ContextEntries.member.1.ContextKeyType=string"
                + "&ContextEntries.member.1.ContextKeyValues.member.1=t1&ContextEntries.member.1.ContextKeyValues.member.2=t2"
        )
        #expect(input.serialized() == #"{"ContextEntries":[{"ContextKeyName":"aws:PrincipalTag/tenant","#
            + #""ContextKeyType":"string","ContextKeyValues":["t1","t2"]}]}"#)
    }

    @Test func maps() {
        let input = Self.decode("Attributes.entry.2.key=b&Attributes.entry.2.value=2&Attributes.entry.1.key=a&Attributes.entry.1.value=1")
        #expect(input.serialized() == #"{"Attributes":{"a":"1","b":"2"}}"#)
    }

    @Test func entriesWithoutKeysStayAList() {
        let input = Self.decode("Things.entry.1.name=n")
        #expect(input.serialized() == #"{"Things":{"entry":[{"name":"n"}]}}"#)
    }

    @Test func nestedStructures() {
        let input = Self.decode("Outer.Inner.Leaf=v&Outer.Other=w")
        #expect(input.serialized() == #"{"Outer":{"Inner":{"Leaf":"v"},"Other":"w"}}"#)
    }

    @Test func emptyListAndRepeatedParameters() {
        let input = Self.decode("Tags=&Name=first&Name=second&A=1&A.B=2")
        #expect(input.serialized() == #"{"Tags":"","Name":"second","A":{"B":"2"}}"#)
    }

    @Test func plusAndPercentDecoding() {
        let input = Self.decode("Description=a+b%26c&PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D")
        #expect(input["Description"] == "a b&c")
        #expect(input["PolicyDocument"] == #"{"Version":"2012-10-17"}"#)
    }

    @Test func frontDoorHandsStructuredInputToTheService() async {
        let request = Fixture.query([
            ("Action", "Echo"), ("Version", "2010-05-08"), ("RoleName", "r"),
            ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "v"),
        ])
        let response = await Fixture.door().respond(to: request)
        #expect(response.status == 200)
        #expect(response.bodyText.contains(
            "<EchoResult><RoleName>r</RoleName><Tags><member><Key>k</Key><Value>v</Value></member></Tags></EchoResult>"
        ))
    }
}
