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
    private static func maskingSecretFields(in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var lastString: (name: String, end: Int)?
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\"" else {
                output.append(scalar)
                if scalar != " " && scalar != "\n" && scalar != "\t" && scalar != "\r" && scalar != ":" { lastString = nil }
                index += 1
                continue
            }
            let end = stringEnd(scalars, from: index)
            let isValue = lastString.map { isKeyBefore(scalars, keyEnd: $0.end, valueStart: index) } ?? false
            if isValue, let key = lastString, isSecretValue(named: key.name, length: end - index - 2) {
                output.append(contentsOf: "\"\(mask)\"".unicodeScalars)
                lastString = nil
            } else {
                output.append(contentsOf: scalars[index..<end])
                lastString = isValue ? nil : (String(String.UnicodeScalarView(scalars[(index + 1)..<max(index + 1, end - 1)])), end)
            }
            index = end
        }
        return String(output)
    }

    /// The index just past the string literal opening at `start` (or the text's end).
    private static func stringEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == "\\" { index += 2; continue }
            if scalars[index] == "\"" { return index + 1 }
            index += 1
        }
        return scalars.count
    }

    /// Whether only whitespace and one `:` separate a string ending at `keyEnd` from `valueStart`.
    private static func isKeyBefore(_ scalars: [Unicode.Scalar], keyEnd: Int, valueStart: Int) -> Bool {
        scalars[keyEnd..<valueStart].filter { $0 == ":" }.count == 1
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
