import Foundation

/// One participant's submission: a workspace folder inside the class's submissions folder.
public struct Submission: Sendable, Hashable {
    /// The participant: the folder's name.
    public var name: String
    /// The folder's path.
    public var path: String

    /// A submission.
    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// Every participant folder in `folder`, sorted by name. Hidden entries (`.git`,
    /// `.DS_Store`) and plain files (a stray README or zip) are not participants. A symbolic
    /// link is kept, so it becomes that participant's error row rather than vanishing.
    /// - Throws: when `folder` cannot be listed.
    public static func all(in folder: String) throws -> [Submission] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            let path = (folder as NSString).appendingPathComponent(name)
            // An entry that cannot be looked up by its listed name (a name that is not valid
            // UTF-8 comes back with replacement characters) is still a participant: it gets an
            // error row saying why, rather than silently no row at all.
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
                return Submission(name: name, path: path)
            }
            let type = attributes[.type] as? FileAttributeType
            guard type == .typeDirectory || type == .typeSymbolicLink else { return nil }
            return Submission(name: name, path: path)
        }
    }

    /// Whether the submission itself is a symbolic link (refused: see ``problem(within:files:)``).
    public var isLink: Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }

    /// Why this submission cannot be graded at all, checked before any backend starts; nil
    /// when it can. `files` are the workspace paths the labs read (`file,<path>;`).
    ///
    /// Missing files and links leaving the workspace are left to the runner, which names the
    /// step; here is what the runner would not catch: a submission that is a link (possibly to
    /// another participant's folder), an unreadable folder, and workspace files that are not
    /// text or too large. Every such file is named, one per line, so one round of fixes is
    /// enough; and since nothing then runs, the files missing or refused are named with them.
    public func problem(within folder: String, files: [String]) -> String? {
        // A link could name another participant's folder and collect their marks: only a
        // participant's own folder is graded.
        if isLink {
            return "the submission is a link; submit a folder"
        }
        let root = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
        let real = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            return "the submission is a link to \(real), outside the submissions folder: refused"
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isFolder) else {
            return "the submission's folder cannot be opened by its name (is the name valid UTF-8?): rename the folder"
        }
        guard isFolder.boolValue else {
            return "the submission is not a folder"
        }
        guard access(real, R_OK | X_OK) == 0, (try? FileManager.default.contentsOfDirectory(atPath: real)) != nil else {
            return "the submission folder cannot be read (permission denied)"
        }
        // The runner's own reader: one containment check and one size cap for both. Problems
        // the runner reports itself (missing files, links out) are left to it: it names the step.
        let workspace = WorkspaceFiles(root: real)
        var unrunnable: [String] = []
        var others: [String] = []
        for file in files {
            switch workspace.contents(file) {
            case .success(let bytes):
                if bytes.contains(0) || String(validating: bytes, as: UTF8.self) == nil {
                    unrunnable.append("\(file) is not text (binary data or not UTF-8): workspace files are JSON documents")
                }
            case .failure(let problem) where problem.kind == .tooLarge:
                unrunnable.append("\(file) \(problem.message)")
            case .failure(let problem):
                others.append("\(file) \(problem.message)")
            }
        }
        return unrunnable.isEmpty ? nil : (unrunnable + others).joined(separator: "\n")
    }
}

extension Lab {
    /// The workspace files this lab's steps send (`file,<path>;`), in order, without repeats.
    public var workspaceFiles: [String] {
        var seen: Set<String> = []
        var files: [String] = []
        for step in steps {
            for entry in step.entries {
                if case .file(let path)? = entry.request.body?.kind, seen.insert(path).inserted {
                    files.append(path)
                }
            }
        }
        return files
    }
}
