// Query-protocol response bodies: an operation's JSON output, and errors, as AWS's XML.
import Core

/// Renders Query-protocol (IAM, STS) responses.
///
/// Output conversion: an object becomes child elements in member order; an array becomes
/// `<member>` children; strings are escaped; numbers keep their JSON text; booleans are
/// `true`/`false`; `null` members and elements are left out. Structures cannot be told from
/// maps in JSON, so every object is written as a structure; no IAM or STS operation the
/// platform serves returns a map.
public enum QueryXMLEncoder {
    /// `<OpResponse xmlns="ns"><OpResult>...</OpResult><ResponseMetadata><RequestId>id
    /// </RequestId></ResponseMetadata></OpResponse>`. An empty object result writes no
    /// `<OpResult>` at all, as AWS does for operations without output (`DeleteRole`).
    public static func response(operation: String, result: JSON, requestID: String, namespace: String) -> String {
        var xml = XMLWriter()
        xml.open("\(operation)Response", attributes: [("xmlns", namespace)])
        if result.objectValue?.isEmpty != true, !result.isNull {
            xml.open("\(operation)Result")
            write(result, into: &xml)
            xml.close()
        }
        xml.open("ResponseMetadata")
        xml.element("RequestId", text: requestID)
        xml.close()
        xml.close()
        return xml.text
    }

    /// `<ErrorResponse xmlns="ns"><Error><Type>Sender</Type><Code>..</Code><Message>..
    /// </Message></Error><RequestId>..</RequestId></ErrorResponse>`. Without a namespace
    /// (a request no service claimed) the `xmlns` attribute is left out.
    public static func error(_ error: AWSError, requestID: String, namespace: String?) -> String {
        var xml = XMLWriter()
        xml.open("ErrorResponse", attributes: namespace.map { [("xmlns", $0)] } ?? [])
        xml.open("Error")
        xml.element("Type", text: error.fault.rawValue)
        xml.element("Code", text: error.code)
        xml.element("Message", text: error.message)
        xml.close()
        xml.element("RequestId", text: requestID)
        xml.close()
        return xml.text
    }

    /// The content of one value, inside an element the caller has opened.
    static func write(_ value: JSON, into xml: inout XMLWriter) {
        switch value {
        case .null:
            break
        case .bool(let flag):
            xml.characters(flag ? "true" : "false")
        case .number(let number):
            xml.characters(number.text)
        case .string(let text):
            xml.characters(text)
        case .array(let elements):
            for element in elements where !element.isNull {
                xml.open("member")
                write(element, into: &xml)
                xml.close()
            }
        case .object(let members):
            for (name, member) in members where !member.isNull {
                xml.open(name)
                write(member, into: &xml)
                xml.close()
            }
        }
    }
}
