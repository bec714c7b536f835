/// An Amazon Resource Name split into its six colon-separated parts:
/// `arn:partition:service:region:account-id:resource`.
///
/// The resource part is everything after the fifth colon and may itself contain colons
/// (`arn:aws:s3:::bucket/a:b`).
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public let partition: String
    public let service: String
    public let region: String
    public let account: String
    public let resource: String

    /// Parses `text`; nil unless it starts with `arn:` and has at least five colons.
    public init?(_ text: String) {
        // ARNs are ASCII in practice: split at the colons byte by byte (every authorisation
        // parses a few). Anything else is split by Character, as before.
        let bytes = text.utf8
        if !bytes.contains(where: { $0 >= 0x80 }) {
            var colons: [String.Index] = []
            colons.reserveCapacity(5)
            var index = bytes.startIndex
            while index != bytes.endIndex, colons.count < 5 {
                if bytes[index] == UInt8(ascii: ":") { colons.append(index) }
                index = bytes.index(after: index)
            }
            guard colons.count == 5, text[..<colons[0]] == "arn" else { return nil }
            partition = String(text[bytes.index(after: colons[0])..<colons[1]])
            service = String(text[bytes.index(after: colons[1])..<colons[2]])
            region = String(text[bytes.index(after: colons[2])..<colons[3]])
            account = String(text[bytes.index(after: colons[3])..<colons[4]])
            resource = String(text[bytes.index(after: colons[4])...])
            return
        }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    public init(partition: String = "aws", service: String, region: String = "", account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// The ARN text.
    public var description: String {
        "arn:\(partition):\(service):\(region):\(account):\(resource)"
    }

    /// For an STS assumed-role session (`arn:aws:sts::123:assumed-role/Role/session`), the
    /// ARN of the role (`arn:aws:iam::123:role/Role`); nil for anything else.
    ///
    /// Resource-based policies and `aws:PrincipalArn` name the role, not the session. The
    /// role's path is not part of a session ARN, so it is lost here, as it is in AWS's
    /// own session ARNs.
    public var assumedRoleARN: ARN? {
        guard service == "sts", resource.hasPrefix("assumed-role/") else { return nil }
        let rest = resource.dropFirst("assumed-role/".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let roleName = rest[rest.startIndex..<slash]
        return ARN(partition: partition, service: "iam", account: account, resource: "role/\(roleName)")
    }
}
