import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `/proc` says about processes: which members of a process group still live.
enum ProcessTable {
    /// The fields of `/proc/<pid>/stat` after the command name (which may hold spaces and
    /// parentheses): state, ppid, pgrp, ... (field 3 of proc(5) is index 0 here).
    static func statFields(pid: String) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// The processes of group `pgid` that have not exited (zombies waiting to be reaped have).
    static func livingMembers(ofGroup pgid: pid_t) -> [pid_t] {
        // Most of the time the group is gone altogether: no need to read /proc.
        if kill(-pgid, 0) != 0 && errno == ESRCH { return [] }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var members: [pid_t] = []
        for entry in entries where entry.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let fields = statFields(pid: entry), fields.count > 2, fields[0] != "Z", fields[0] != "X",
                  Int32(fields[2]) == pgid, let pid = Int32(entry) else { continue }
            members.append(pid)
        }
        return members
    }
}
