import Foundation

/// Reads `file,<path>;` bodies from the participant's workspace, and nothing outside it.
///
/// A workspace is untrusted (graders run strangers' folders), so the path is checked
/// lexically (no absolute path, no `..`), then resolved once; the resolved file is opened
/// without following links and checked through its descriptor: still inside the workspace's
/// real path, a regular file (not a FIFO that would block) with no other hard link, and no
/// bigger than the cap, which is checked before reading so a huge or sparse file never
/// reaches memory.
public struct WorkspaceFiles: Sendable {
    /// Why a workspace file cannot be read.
    public struct Problem: Error, Sendable {
        /// What kind of problem: the grader's pre-check reports only some kinds itself.
        public enum Kind: Sendable { case noWorkspace, refused, missing, tooLarge, unreadable }
        public var kind: Kind
        /// Says why, after `file,<path>;`.
        public var message: String
    }

    /// The largest workspace file accepted: answers are small JSON documents.
    public static let maximumFileSize = 4 << 20

    /// Why a link is refused, after `file,<path>;`: a symbolic link leading out of the
    /// workspace, or a file with another hard link, which may be anywhere.
    static let linkRefusal = "is refused: it is a link that leaves the workspace; put a copy of the file there instead"

    /// The workspace folder; nil when the run has none.
    public let root: String?

    /// Files under `root`.
    public init(root: String?) {
        self.root = root
    }

    /// The bytes of `path`, relative to the workspace.
    /// - Throws: an error naming `stepID` when the path leaves the workspace or the file is
    ///   missing, too large or unreadable.
    func read(_ path: String, stepID: String) throws(StepInterruption) -> [UInt8] {
        switch contents(path) {
        case .success(let bytes): return bytes
        case .failure(let problem): throw .error("step '\(stepID)': file,\(path); \(problem.message)")
        }
    }

    /// The bytes of `path`, relative to the workspace, or why they cannot be read; a file of
    /// more than `limit` bytes is refused unread (``maximumFileSize`` by default: saaslab's own
    /// files in a workspace, such as the hint record, are smaller still).
    public func contents(_ path: String, limit: Int = maximumFileSize) -> Result<[UInt8], Problem> {
        func fail(_ kind: Problem.Kind, _ message: String) -> Result<[UInt8], Problem> {
            .failure(Problem(kind: kind, message: message))
        }
        guard let root else {
            return fail(.noWorkspace, "needs a workspace: pass --workspace DIR (create one with 'saaslab init')")
        }
        if path.hasPrefix("/") || path.hasPrefix("~") {
            return fail(.refused, "is refused: workspace files are named relative to the workspace, not by absolute path")
        }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return fail(.refused, "is refused: '..' would leave the workspace")
        }
        guard let rootReal = Self.realPath(root) else {
            return fail(.missing, "cannot be read: the workspace \(root) does not exist")
        }
        guard let real = Self.realPath(rootReal + "/" + path) else {
            return fail(.missing, "is missing from the workspace \(root): create it, or run 'saaslab init' to get the starter files")
        }
        guard Self.isInside(real, rootReal) else { return fail(.refused, Self.linkRefusal) }
        // O_NOFOLLOW: the resolved path's last component cannot have become a link since.
        // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat refuses it next.
        let fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return fail(.unreadable, "cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        // A folder swapped in for a link after resolving would put the file elsewhere: ask
        // the kernel where the open file really is.
        if let opened = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"),
           !Self.isInside(opened, rootReal) {
            return fail(.refused, Self.linkRefusal)
        }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            return fail(.unreadable, "cannot be read: it is not a regular file (a folder, device or pipe?)")
        }
        // A hard link is the same file under another name, and nothing says where that name
        // is: another participant's folder, or a file of the grader's that the report would
        // then show. So a second name counts as a link out of the workspace.
        guard status.st_nlink <= 1 else { return fail(.refused, Self.linkRefusal) }
        guard status.st_size <= limit else {
            return fail(.tooLarge, "is \(status.st_size) bytes, more than the \(Self.describe(size: limit)) a workspace file may be")
        }
        // Bounded even if the file grows after fstat: one byte past the cap is enough to know.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { return fail(.unreadable, "cannot be read (\(String(cString: strerror(errno))))") }
            if got == 0 { break }
            count += got
        }
        guard count <= limit else {
            return fail(.tooLarge, "grew past the \(Self.describe(size: limit)) a workspace file may be while it was read")
        }
        return .success(Array(bytes[..<count]))
    }

    /// `4 MiB (4194304 bytes)`, `64 KiB (65536 bytes)`.
    static func describe(size limit: Int) -> String {
        let unit = limit >= 1 << 20 ? (limit >> 20, "MiB") : (limit >> 10, "KiB")
        return "\(unit.0) \(unit.1) (\(limit) bytes)"
    }

    /// `path` with every link resolved, or nil when it does not exist.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` is strictly inside the folder `root` (both real paths).
    static func isInside(_ path: String, _ root: String) -> Bool {
        path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
