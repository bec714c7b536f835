import Core
/// Reads one HTTP/1.x response from a client socket: Content-Length, chunked and
/// close-delimited bodies, skipping interim 1xx responses.
enum ResponseReader {
    static let maxLineBytes = 64 * 1024
    static let maxHeaderLines = 500
    static let maxBodyBytes = 1 << 30

    /// The response, and whether the connection may carry another request afterwards.
    static func read(from socket: inout ClientSocket, method: String, until deadline: RequestDeadline) throws(ClientIOFailure) -> (response: HTTPResponse, keepAlive: Bool) {
        while true {
            guard let statusLine = try socket.readLine(maxLength: maxLineBytes, until: deadline) else { throw .closed }
            let (minorVersion, status) = try parseStatusLine(statusLine)
            let headers = try readHeaders(from: &socket, until: deadline)
            // 100 Continue and friends precede the real response; 101 would switch protocols.
            if status >= 100 && status < 200 && status != 101 { continue }
            var keepAlive = minorVersion >= 1 ? !headers.hasToken("close", in: "Connection")
                : headers.hasToken("keep-alive", in: "Connection")
            let body: [UInt8]
            if method == "HEAD" || status < 200 || status == 204 || status == 304 {
                body = []
            } else if let codings = headers["Transfer-Encoding"] {
                guard ASCII.lowercased(codings).split(separator: ",").last?.trimmingSpaces() == "chunked" else {
                    throw .malformed("unsupported Transfer-Encoding \"\(codings)\"")
                }
                body = try readChunked(from: &socket, until: deadline)
            } else if let declared = headers["Content-Length"] {
                guard let length = Int(declared.trimmingSpaces()), length >= 0, length <= maxBodyBytes else {
                    throw .malformed("invalid Content-Length \"\(declared)\"")
                }
                body = try socket.read(count: length, until: deadline)
            } else {
                body = try socket.readToEnd(maxLength: maxBodyBytes, until: deadline)
                keepAlive = false
            }
            return (HTTPResponse(status: status, headers: headers, body: body), keepAlive)
        }
    }

    /// `HTTP/1.x SP 3DIGIT [SP reason]`.
    private static func parseStatusLine(_ line: [UInt8]) throws(ClientIOFailure) -> (minor: Int, status: Int) {
        let text = String(decoding: line, as: UTF8.self)
        let digits = line.dropFirst(9).prefix(3)
        guard line.count >= 12, line.starts(with: "HTTP/1.".utf8), line[8] == HTTPASCII.space,
              (line.count == 12 || line[12] == HTTPASCII.space),
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let minorDigit = ASCII.hexValue(line[7]), minorDigit <= 9 else {
            throw .malformed("invalid status line \(HTTPError.quote(text.utf8))")
        }
        let status = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (Int(minorDigit), status)
    }

    private static func readHeaders(from socket: inout ClientSocket, until deadline: RequestDeadline) throws(ClientIOFailure) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for _ in 0..<maxHeaderLines {
            guard let line = try socket.readLine(maxLength: maxLineBytes, until: deadline) else { throw .closed }
            if line.isEmpty { return headers }
            guard let colon = line.firstIndex(of: HTTPASCII.colon), colon > 0 else {
                throw .malformed("invalid header line \(HTTPError.quote(line))")
            }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces()
            headers.add(name: name, value: String(value))
        }
        throw .malformed("more than \(maxHeaderLines) header lines")
    }

    private static func readChunked(from socket: inout ClientSocket, until deadline: RequestDeadline) throws(ClientIOFailure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            guard let line = try socket.readLine(maxLength: maxLineBytes, until: deadline) else { throw .closed }
            var size = 0
            var digits = 0
            for byte in line {
                guard let digit = ASCII.hexValue(byte) else { break }
                size = size << 4 | Int(digit)
                digits += 1
            }
            guard digits > 0, digits <= 15, body.count + size <= maxBodyBytes else {
                throw .malformed("invalid chunk size \(HTTPError.quote(line))")
            }
            if size == 0 { break }
            body += try socket.read(count: size, until: deadline)
            guard let end = try socket.readLine(maxLength: 2, until: deadline), end.isEmpty else {
                throw .malformed("chunk data is not followed by CRLF")
            }
        }
        // Trailers are read and dropped.
        while let trailer = try socket.readLine(maxLength: maxLineBytes, until: deadline), !trailer.isEmpty {}
        return body
    }
}
