import Core

/// Converts between the app's JSON records and DynamoDB's typed AttributeValues, as the
/// original services' DocumentClient did: strings are `S`, numbers `N`, Booleans `BOOL`,
/// null `NULL`, arrays `L`, objects `M`.
enum DynamoItems {
    static func wire(_ record: JSONObject) -> JSON {
        .object(JSONObject(uniqueKeys: record.keys, values: record.values.map(attribute)))
    }

    static func attribute(_ value: JSON) -> JSON {
        switch value {
        case .string(let text): ["S": .string(text)]
        case .number: ["N": .string(value.numberText ?? "0")]
        case .bool(let flag): ["BOOL": .bool(flag)]
        case .null: ["NULL": true]
        case .array(let elements): ["L": .array(elements.map(attribute))]
        case .object(let members): ["M": wire(members)]
        }
    }

    static func record(_ item: JSON?) -> JSONObject? {
        guard let members = item?.objectValue else { return nil }
        return JSONObject(uniqueKeys: members.keys, values: members.values.map(value))
    }

    static func value(_ attribute: JSON) -> JSON {
        guard let members = attribute.objectValue, let (type, payload) = members.first else { return .null }
        switch type {
        case "S": return payload
        case "N": return payload.stringValue.flatMap(JSONNumber.init).map(JSON.number) ?? payload
        case "BOOL": return payload
        case "NULL": return .null
        case "L": return .array((payload.arrayValue ?? []).map(value))
        case "M": return .object(record(payload) ?? [:])
        case "SS", "NS", "BS": return payload
        default: return payload
        }
    }
}
