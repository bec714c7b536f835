import Core
import Foundation
import Testing

/// Copies of clocks and random sources: a backend copied from another goes on from the same
/// time and the same generator state, each on its own.
struct CopyTests {
    @Test func aSeededCopyYieldsTheSameBytesAsTheOriginalWouldHave() {
        let original = SeededRandomSource(seed: 9)
        _ = original.bytes(13)
        let copy = original.copy()
        let fromCopy = copy.bytes(64)
        let fromOriginal = original.bytes(64)
        #expect(fromCopy == fromOriginal)

        let reference = SeededRandomSource(seed: 9)
        _ = reference.bytes(13)
        #expect(reference.bytes(64) == fromCopy)
    }

    @Test func aSeededCopyMovesOnItsOwn() {
        let original = SeededRandomSource(seed: 9)
        let copy = original.copy()
        _ = copy.bytes(32)
        // Drawing from the copy leaves the original where it was.
        #expect(original.bytes(16) == SeededRandomSource(seed: 9).bytes(16))
    }

    @Test func theSystemSourceCopiesToItself() {
        // Nothing to copy: the kernel's generator has no state of ours.
        #expect(SystemRandomSource().copy() is SystemRandomSource)
    }

    @Test func aManualClockCopyShowsTheSameTimeAndMovesAlone() throws {
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_767_225_600))
        clock.advance(by: 90)
        let copy = try #require(clock.copy() as? ManualClock)
        #expect(copy.now() == clock.now())
        copy.advance(by: 3600)
        #expect(clock.now() == Date(timeIntervalSince1970: 1_767_225_690))
        clock.advance(by: 10)
        #expect(copy.now() == Date(timeIntervalSince1970: 1_767_229_290))
    }

    @Test func theSystemClockCopiesToItself() {
        #expect(SystemClock().copy() is SystemClock)
    }
}
