import Core
import Foundation

/// What a participant revealed with `saaslab hint`: the highest hint level per step, kept in
/// their workspace at ``path``:
///
/// ```json
/// {"version": 1, "revealed": {"onboarding/first-tenant-registers": 2}}
/// ```
///
/// `run --workspace` shows the revealed levels under failed steps, and `grade` counts them.
/// The workspace is the participant's (and, when graded, a stranger's), so the record is read
/// as any workspace file is (``WorkspaceFiles``: nothing outside the workspace, no pipe, no
/// second hard link) and at most ``maximumSize`` bytes of it; every way it can be wrong is a
/// ``Problem`` that says so and what to do, never a crash.
public struct HintRecord: Sendable, Hashable {
    /// Where the record is, relative to the workspace.
    public static let path = ".saaslab/hints.json"
    /// The folder holding it, relative to the workspace.
    public static let folder = ".saaslab"
    /// The record's format version.
    public static let version = 1
    /// The largest record read: a course's steps, each named once, fit many times over.
    public static let maximumSize = 64 << 10

    /// The highest level revealed per step, keyed `<lab id>/<step id>` (a lab id named on the
    /// command line never holds a `/`: a name with one is a path).
    public var revealed: [String: Int]

    /// A record of `revealed`.
    public init(revealed: [String: Int] = [:]) {
        self.revealed = revealed
    }

    /// `<lab>/<step>`: how the record names a step.
    public static func key(lab: String, step: String) -> String {
        "\(lab)/\(step)"
    }

    /// The highest level revealed for the step; 0 when none is recorded.
    public func level(lab: String, step: String) -> Int {
        revealed[Self.key(lab: lab, step: step)] ?? 0
    }

    /// Records that the step's hints up to `level` were revealed; a lower level changes nothing.
    public mutating func reveal(lab: String, step: String, upTo level: Int) {
        let key = Self.key(lab: lab, step: step)
        revealed[key] = max(revealed[key] ?? 0, level)
    }

    /// Why a record cannot be used, as one sentence naming the file and what to do.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The whole message.
        public var description: String

        init(_ description: String) {
            self.description = description
        }

        /// `.saaslab` (called `name`) is `what` (a link, not a folder) where the record's folder belongs.
        static func folderNeeded(_ name: String, _ what: String) -> Problem {
            Problem("\(name) is \(what): saaslab keeps its record of revealed hints "
                + "in a folder of that name in the workspace; move it away and ask again")
        }

        /// `file` is wrong in the way `what` says: fix it, or delete it.
        static func malformed(_ file: String, _ what: String) -> Problem {
            Problem("\(file) \(what); it is saaslab's record of the hints revealed with 'saaslab hint': "
                + "fix it, or delete it to start the record afresh (the levels revealed so far are then forgotten)")
        }
    }

    /// The record in `bytes`; `file` names it in messages.
    /// - Throws: when the bytes are too many, not JSON, or not a record of version 1 whose
    ///   `revealed` maps `<lab>/<step>` to a level from 1 to ``HintLevels/maximum``.
    public static func parse(_ bytes: [UInt8], file: String) throws(Problem) -> HintRecord {
        guard bytes.count <= maximumSize else {
            throw .malformed(file, "is \(bytes.count) bytes, more than the \(maximumSize >> 10) KiB a hint record may be")
        }
        let json: JSON
        do throws(JSONError) {
            json = try JSON.parse(bytes: bytes)
        } catch {
            throw .malformed(file, "is not JSON (\(error))")
        }
        let shape = #"a JSON object such as {"version": 1, "revealed": {"<lab>/<step>": 2}}"#
        guard case .object(let object) = json else {
            throw .malformed(file, "is a JSON \(json.typeName), not \(shape)")
        }
        guard let version = object["version"] else {
            throw .malformed(file, "has no \"version\": expected \(shape)")
        }
        guard version.intValue == Self.version else {
            throw .malformed(file, "has \"version\": \(Self.shown(version)); this saaslab reads version \(Self.version)")
        }
        guard let revealed = object["revealed"]?.objectValue else {
            throw .malformed(file, "has no \"revealed\" object: expected \(shape)")
        }
        var record = HintRecord()
        for (key, value) in revealed {
            let slash = key.firstIndex(of: "/")
            guard let slash, slash != key.startIndex, key.index(after: slash) != key.endIndex else {
                throw .malformed(file, "names a step as \(Self.quoted(key)) in \"revealed\": expected \"<lab id>/<step id>\"")
            }
            guard let level = value.intValue, HintLevels.range.contains(level) else {
                throw .malformed(file, "gives step \(Self.quoted(key)) the level \(Self.shown(value)): "
                    + "a level is a whole number from 1 to \(HintLevels.maximum)")
            }
            record.revealed[key] = level
        }
        return record
    }

    /// The record as its file holds it: pretty JSON, steps sorted, ending with a newline.
    public var serialized: String {
        let steps = revealed.keys.sorted().map { ($0, JSON.number(JSONNumber(revealed[$0] ?? 0))) }
        let document: JSONObject = ["version": .number(JSONNumber(Self.version)), "revealed": .object(JSONObject(steps))]
        return JSON.object(document).serialized(pretty: true) + "\n"
    }

    /// The record in `workspace`: an empty one when the workspace has none. Messages name the
    /// file `named`, by default its path (`grade` names it relative to the workspace, as it
    /// names a submission's other files, so the gradebook holds no grader's paths).
    public static func read(workspace: String, named: String? = nil) -> Result<HintRecord, Problem> {
        let file = named ?? display(workspace)
        // A missing record is an empty one; anything else in its place is looked at below.
        var status = stat()
        if lstat(workspace + "/" + folder, &status) != 0 && errno == ENOENT { return .success(HintRecord()) }
        // A link is followed by the workspace reader, which refuses one leading out.
        if (status.st_mode & S_IFMT) != S_IFDIR && (status.st_mode & S_IFMT) != S_IFLNK {
            return .failure(.folderNeeded(named == nil ? display(workspace, folder) : folder, "not a folder"))
        }
        if lstat(workspace + "/" + path, &status) != 0 && errno == ENOENT { return .success(HintRecord()) }
        switch WorkspaceFiles(root: workspace).contents(path, limit: maximumSize) {
        case .success(let bytes):
            do throws(Problem) {
                return .success(try parse(bytes, file: file))
            } catch {
                return .failure(error)
            }
        case .failure(let problem) where problem.kind == .tooLarge:
            return .failure(.malformed(file, "is more than the \(maximumSize >> 10) KiB a hint record may be"))
        case .failure(let problem):
            return .failure(Problem("\(file) \(problem.message); it is saaslab's record of the hints revealed with 'saaslab hint': "
                + "replace it with a plain file, or delete it to start the record afresh"))
        }
    }

    /// Writes the record into `workspace` at once (a new file renamed over the old one), so
    /// a reader never sees half a record; makes `.saaslab/` when it is missing.
    /// - Throws: when `.saaslab` is not a folder of the workspace's own, or cannot be written.
    public func write(workspace: String) throws(Problem) {
        let folderPath = workspace + "/" + Self.folder
        var status = stat()
        if lstat(folderPath, &status) == 0 {
            // A link could point anywhere: the record is written only inside the workspace.
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw .folderNeeded(Self.display(workspace, Self.folder), (status.st_mode & S_IFMT) == S_IFLNK ? "a link" : "not a folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: folderPath, withIntermediateDirectories: false)
            } catch {
                throw Problem("cannot create \(Self.display(workspace, Self.folder)) for the record of revealed hints: \(Self.reason(error))")
            }
        }
        do {
            try Data(serialized.utf8).write(to: URL(fileURLWithPath: workspace + "/" + Self.path), options: .atomic)
        } catch {
            throw Problem("cannot write \(Self.display(workspace)): \(Self.reason(error))")
        }
    }

    /// The record's path as messages show it: `workspace/.saaslab/hints.json`.
    public static func display(_ workspace: String, _ relative: String = path) -> String {
        (workspace.hasSuffix("/") ? workspace : workspace + "/") + relative
    }

    /// A name from the file quoted for a message, at most 80 characters of it.
    private static func quoted(_ text: String) -> String {
        JSON.string(text.count > 80 ? String(text.prefix(80)) + "…" : text).serialized()
    }

    /// A value from the file as JSON, at most 80 characters of it.
    private static func shown(_ value: JSON) -> String {
        let text = value.serialized()
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }

    /// The system's reason, without Foundation's wrapping where it has one.
    private static func reason(_ error: any Error) -> String { SystemReason.of(error) }
}
