import Synchronization

/// The newest bytes a service wrote to stdout and stderr, at most ``capacity`` of them: enough
/// for the report's last lines, bounded however much the service prints.
final class OutputRing: Sendable {
    static let defaultCapacity = 64 * 1024
    let capacity: Int

    private struct State {
        var storage: [UInt8] = []
        /// Where the oldest byte is once the storage is full.
        var start = 0
    }

    private let state = Mutex(State())

    init(capacity: Int = OutputRing.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        state.withLock { state in
            var chunk = bytes[...]
            if chunk.count >= capacity {
                state.storage = Array(chunk.suffix(capacity))
                state.start = 0
                return
            }
            let room = capacity - state.storage.count
            if room > 0 {
                state.storage.append(contentsOf: chunk.prefix(room))
                chunk = chunk.dropFirst(min(room, chunk.count))
            }
            for byte in chunk {
                state.storage[state.start] = byte
                state.start = (state.start + 1) % capacity
            }
        }
    }

    /// What it holds, oldest first.
    var bytes: [UInt8] {
        state.withLock { Array($0.storage[$0.start...] + $0.storage[..<$0.start]) }
    }

    /// The last `count` lines (UTF-8, invalid sequences replaced), without a trailing newline.
    func lastLines(_ count: Int) -> String {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.suffix(count).joined(separator: "\n")
    }
}
