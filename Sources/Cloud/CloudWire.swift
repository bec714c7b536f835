// HTTP responses in each protocol's format, success and error alike.
import Core
import HTTP

/// Builds the HTTP responses of both protocols, so every answer the front door gives,
/// including its own refusals, carries the headers AWS clients read.
///
/// Every response has `x-amzn-RequestId` (and its S3-style twin `x-amz-request-id`, which
/// some tools log). JSON responses also carry `x-amz-crc32`, the decimal CRC-32 of the
/// body, which boto3 checks on DynamoDB responses (and retries on mismatch); errors carry
/// `x-amzn-ErrorType`, which some SDKs read before the body.
public enum CloudWire {
    /// A JSON-protocol success: the serialised `body` with status 200.
    public static func json(_ body: JSON, version: String, requestID: String) -> HTTPResponse {
        jsonResponse(status: 200, body: body.serializedBytes(), version: version, requestID: requestID)
    }

    /// A JSON-protocol error: `{"__type": "...", "message": "..."}` (or `"Message"` where
    /// the error says so), the error's status, and `x-amzn-ErrorType: <Code>`.
    public static func jsonError(_ error: AWSError, version: String, serviceNamespace: String?, requestID: String) -> HTTPResponse {
        var members: JSONObject = [
            "__type": .string(error.jsonType(serviceNamespace: serviceNamespace)),
            error.messageKey: .string(error.message),
        ]
        for (name, value) in error.details { members[name] = value }
        let body = JSON.object(members)
        var response = jsonResponse(status: error.status, body: body.serializedBytes(), version: version, requestID: requestID)
        response.headers["x-amzn-ErrorType"] = error.code
        return response
    }

    /// A Query-protocol success: see ``QueryXMLEncoder/response(operation:result:requestID:namespace:)``.
    public static func query(operation: String, result: JSON, namespace: String, requestID: String) -> HTTPResponse {
        let xml = QueryXMLEncoder.response(operation: operation, result: result, requestID: requestID, namespace: namespace)
        return xmlResponse(status: 200, text: xml, requestID: requestID)
    }

    /// A Query-protocol error: see ``QueryXMLEncoder/error(_:requestID:namespace:)``.
    public static func queryError(_ error: AWSError, namespace: String?, requestID: String) -> HTTPResponse {
        xmlResponse(status: error.status, text: QueryXMLEncoder.error(error, requestID: requestID, namespace: namespace), requestID: requestID)
    }

    /// A response to `awsProtocol` that is `result` or `error`, whichever is given.
    static func render(_ outcome: Result<JSON, AWSError>, awsProtocol: AWSProtocol, operation: String, requestID: String) -> HTTPResponse {
        switch (awsProtocol, outcome) {
        case (.json(let version, _, _), .success(let body)):
            json(body, version: version, requestID: requestID)
        case (.json(let version, _, let namespace), .failure(let error)):
            jsonError(error, version: version, serviceNamespace: namespace, requestID: requestID)
        case (.query(_, let namespace), .success(let result)):
            query(operation: operation, result: result, namespace: namespace, requestID: requestID)
        case (.query(_, let namespace), .failure(let error)):
            queryError(error, namespace: namespace, requestID: requestID)
        }
    }

    private static func jsonResponse(status: Int, body: [UInt8], version: String, requestID: String) -> HTTPResponse {
        var response = HTTPResponse(status: status, body: body)
        response.headers["Content-Type"] = "application/x-amz-json-\(version)"
        addRequestID(requestID, to: &response)
        response.headers["x-amz-crc32"] = String(CRC32.checksum(body))
        return response
    }

    private static func xmlResponse(status: Int, text: String, requestID: String) -> HTTPResponse {
        var response = HTTPResponse(status: status, body: Array(text.utf8))
        response.headers["Content-Type"] = "text/xml"
        addRequestID(requestID, to: &response)
        return response
    }

    private static func addRequestID(_ requestID: String, to response: inout HTTPResponse) {
        response.headers["x-amzn-RequestId"] = requestID
        response.headers["x-amz-request-id"] = requestID
    }
}
