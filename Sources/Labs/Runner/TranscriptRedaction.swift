import HTTP

/// What a transcript or a failed check must not show. Both end up in reports, gradebooks and
/// CI logs, so credentials are cut out of headers, bodies and values before anything is printed:
/// the text of fields named like secrets, and anything shaped like a JWT wherever it stands (an
/// ID token under a provider name in `Logins`, a captured token in an expected value).
enum TranscriptRedaction {
    static let mask = "<redacted>"

    /// Headers whose whole value is a secret.
    private static let secretHeaders: Set<String> = ["x-amz-security-token", "cookie", "set-cookie", "proxy-authorization"]

    /// Body fields whose string values are secrets: any name containing one of these.
    private static let secretFieldWords = ["password", "secret", "token"]

    /// Secret values are long (keys, tokens, sessions); a short value of a field named like a
    /// secret is a setting (`"TokenType": "Bearer"`, `"AccessToken": "hours"` in
    /// `TokenValidityUnits`) and is shown. Passwords are hidden whatever their length.
    static let shortestSecret = 16

    /// `field`'s value as a transcript shows it.
    static func headerValue(_ field: HTTPHeaders.Field) -> String {
        let name = field.name.lowercased()
        if secretHeaders.contains(name) { return mask }
        guard name == "authorization" else { return maskingTokens(in: field.value) }
        let value = field.value.trimmingPrefix(while: { $0 == " " })
        guard let space = value.firstIndex(of: " ") else { return mask }
        let scheme = value[..<space]
        // SigV4: the access key id and scope say which credentials signed; the signature is
        // not shown (it is derived from the secret and would allow replaying the request).
        if scheme == "AWS4-HMAC-SHA256",
           let credential = value[space...].split(separator: ",").first(where: { $0.contains("Credential=") }) {
            return "\(scheme) \(credential.trimmingPrefix(while: { $0 == " " })), \(mask)"
        }
        return "\(scheme) \(mask)"
    }

    /// `text` with the string values of JSON fields named like secrets masked. A scan, not a
    /// parse: it works on cut or invalid JSON too, and leaves everything else as it was.
    static func body(_ text: String) -> String {
        maskingTokens(in: maskingSecretFields(in: text))
    }

    /// `text` with the string values of JSON fields named like secrets masked.
    ///
    /// On the UTF-8 bytes: the quotes, backslashes, colons and whitespace it looks for are
    /// ASCII, which never occurs inside a multi-byte character, and lengths are counted in
    /// characters (Unicode scalars) as a reader sees them. Unchanged text is returned as is.
    private static func maskingSecretFields(in text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var changed = false
        var index = 0
        var lastString: (name: String, end: Int)?
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\"") else {
                if changed { output.append(byte) }
                if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D && byte != UInt8(ascii: ":") { lastString = nil }
                index += 1
                continue
            }
            let end = stringEnd(bytes, from: index)
            let isValue = lastString.map { isKeyBefore(bytes, keyEnd: $0.end, valueStart: index) } ?? false
            if isValue, let key = lastString, isSecretValue(named: key.name, length: scalarCount(bytes[index..<end]) - 2) {
                if !changed {
                    output.reserveCapacity(bytes.count)
                    output.append(contentsOf: bytes[..<index])
                    changed = true
                }
                output.append(contentsOf: "\"\(mask)\"".utf8)
                lastString = nil
            } else {
                if changed { output.append(contentsOf: bytes[index..<end]) }
                lastString = isValue ? nil : (String(decoding: bytes[(index + 1)..<max(index + 1, end - 1)], as: UTF8.self), end)
            }
            index = end
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// The number of Unicode scalars in well-formed UTF-8 `bytes`: those that do not continue one.
    private static func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
    }

    /// The index just past the string literal opening at `start` (or the text's end).
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
            if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
            index += 1
        }
        return bytes.count
    }

    /// Whether only whitespace and one `:` separate a string ending at `keyEnd` from `valueStart`.
    private static func isKeyBefore(_ bytes: [UInt8], keyEnd: Int, valueStart: Int) -> Bool {
        bytes[keyEnd..<valueStart].reduce(0) { $1 == UInt8(ascii: ":") ? $0 + 1 : $0 } == 1
    }

    /// Whether a string of `length` characters in a field named `name` is a secret.
    static func isSecretValue(named name: String, length: Int) -> Bool {
        guard isSecret(name) else { return false }
        return length >= shortestSecret || name.lowercased().contains("password")
    }

    /// `text` with every JWT-shaped run (`eyJ…` header, a dot, a payload, a dot, a signature,
    /// all base64url) replaced by the mask: a token is a credential whatever field holds it.
    static func maskingTokens(in text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3 else { return text }
        func isBase64URL(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
        var output: [UInt8] = []
        var index = 0
        var changed = false
        while index < bytes.count {
            let startsToken = bytes[index] == UInt8(ascii: "e") && index + 2 < bytes.count
                && bytes[index + 1] == UInt8(ascii: "y") && bytes[index + 2] == UInt8(ascii: "J")
                && (index == 0 || !isBase64URL(bytes[index - 1]))
            if startsToken {
                // Three base64url segments joined by two dots; the signature may be cut short.
                var end = index
                var dots = 0
                while end < bytes.count, isBase64URL(bytes[end]) || (bytes[end] == UInt8(ascii: ".") && dots < 2) {
                    if bytes[end] == UInt8(ascii: ".") { dots += 1 }
                    end += 1
                }
                if dots == 2 {
                    output.append(contentsOf: mask.utf8)
                    index = end
                    changed = true
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// Whether a field or variable named `name` holds a secret (its name says password,
    /// secret or token, in any case).
    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return secretFieldWords.contains { lowered.contains($0) }
    }

    /// Whether a header named `name` carries a credential.
    static func isSecretHeader(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "authorization" || secretHeaders.contains(lowered) || isSecret(lowered)
    }
}
