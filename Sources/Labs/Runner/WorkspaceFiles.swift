import Foundation

/// Reads `file,<path>;` bodies from the participant's workspace, and nothing outside it.
///
/// A workspace is untrusted (graders run strangers' folders), so the path is checked twice:
/// lexically (no absolute path, no `..`) and after resolving symbolic links (the real file
/// must still be under the workspace's real path).
public struct WorkspaceFiles: Sendable {
    /// The workspace folder; nil when the run has none.
    public let root: String?

    /// Files under `root`.
    public init(root: String?) {
        self.root = root
    }

    /// The bytes of `path`, relative to the workspace.
    /// - Throws: an error naming `stepID` when the path leaves the workspace or the file is
    ///   missing or unreadable.
    func read(_ path: String, stepID: String) throws(StepInterruption) -> [UInt8] {
        let refuse = { (why: String) in StepInterruption.error("step '\(stepID)': file,\(path); \(why)") }
        guard let root else {
            throw refuse("needs a workspace: pass --workspace DIR (create one with 'saaslab init')")
        }
        if path.hasPrefix("/") || path.hasPrefix("~") {
            throw refuse("is refused: workspace files are named relative to the workspace, not by absolute path")
        }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            throw refuse("is refused: '..' would leave the workspace")
        }
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath()
        let fileURL = rootURL.appendingPathComponent(path).standardizedFileURL
        guard FileManager.default.fileExists(atPath: fileURL.path) else {
            throw refuse("is missing from the workspace \(root): create it, or run 'saaslab init' to get the starter files")
        }
        let real = fileURL.resolvingSymlinksInPath().path
        let base = rootURL.path.hasSuffix("/") ? rootURL.path : rootURL.path + "/"
        guard real.hasPrefix(base) else {
            throw refuse("is refused: it is a link that leaves the workspace")
        }
        guard let data = FileManager.default.contents(atPath: real) else {
            throw refuse("cannot be read (is it a folder, or unreadable?)")
        }
        return [UInt8](data)
    }
}
