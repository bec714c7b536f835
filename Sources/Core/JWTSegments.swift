/// A compact JWT's three dot-separated segments, split on its bytes: header, payload and
/// signature, and the signing input (`header.payload`) the signature covers.
///
/// Splitting the UTF-8 bytes, not the `String`'s characters, matters on the hot path: every
/// request the SaaS app verifies and every login the identity pools check starts here.
public struct JWTSegments: Sendable {
    /// The whole token's bytes.
    public let bytes: [UInt8]
    /// The base64url-encoded header, payload and signature.
    public let header: ArraySlice<UInt8>
    public let payload: ArraySlice<UInt8>
    public let signature: ArraySlice<UInt8>

    /// `header.payload`: what the signature is computed over.
    public var signingInput: ArraySlice<UInt8> { bytes[..<(signature.startIndex - 1)] }

    /// The segments of `token`, or nil unless it has exactly three (two dots).
    public init?(_ token: String) {
        let bytes = Array(token.utf8)
        guard let first = bytes.firstIndex(of: UInt8(ascii: ".")),
              let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: ".")),
              !bytes[(second + 1)...].contains(UInt8(ascii: ".")) else { return nil }
        self.bytes = bytes
        header = bytes[..<first]
        payload = bytes[(first + 1)..<second]
        signature = bytes[(second + 1)...]
    }

    /// How many dot-separated parts `token` has, for an error message saying what is wrong.
    public static func partCount(_ token: String) -> Int {
        token.utf8.reduce(1) { $1 == UInt8(ascii: ".") ? $0 + 1 : $0 }
    }
}
