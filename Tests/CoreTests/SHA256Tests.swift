import Core
import Testing

/// Known answers from FIPS 180-4's examples (NIST CSRC "SHA256.pdf" / "SHA2_Additional.pdf").
struct SHA256Tests {
    @Test func abc() {
        #expect(Hex.encode(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func emptyMessage() {
        #expect(Hex.encode(SHA256.hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(SHA256.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func twoBlockMessage448Bits() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(Hex.encode(SHA256.hash(message)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func message896Bits() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(Hex.encode(SHA256.hash(message)) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    static let millionADigest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test func oneMillionAs() {
        #expect(Hex.encode(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == Self.millionADigest)
    }

    /// Feeding the same message in uneven pieces must not change the digest: this walks the
    /// buffered path (partial blocks), the direct path (whole blocks) and their boundaries.
    @Test(arguments: [3, 7, 55, 63, 64, 65, 127, 1000, 4099])
    func oneMillionAsInChunks(chunk: Int) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hasher = SHA256()
        message.withUnsafeBytes { bytes in
            var offset = 0
            var step = chunk
            while offset < bytes.count {
                let end = min(offset + step, bytes.count)
                hasher.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                offset = end
                step = step % 5 == 0 ? chunk : step + 1  // vary the piece size as well
            }
        }
        #expect(Hex.encode(hasher.finalize()) == Self.millionADigest)
    }

    /// Lengths around the padding boundary: 55 bytes is the longest message whose padding fits
    /// in one block; 56..63 spill the length into a second block; 64 is exactly one block.
    /// Digests of "a" * n, cross-checked against an independent implementation.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(Hex.encode(SHA256.hash(message)) == digest)
        // Byte by byte must agree with one shot at every boundary.
        var hasher = SHA256()
        for byte in message { hasher.update([byte]) }
        #expect(Hex.encode(hasher.finalize()) == digest)
    }

    @Test func updateOverloadsAgree() {
        let text = "héllo, wörld ✓"
        var fromString = SHA256()
        fromString.update(text)
        var fromPointer = SHA256()
        Array(text.utf8).withUnsafeBytes { fromPointer.update($0) }
        let expected = SHA256.hash(Array(text.utf8))
        #expect(fromString.finalize() == expected)
        #expect(fromPointer.finalize() == expected)
        #expect(SHA256.hash(text) == expected)
    }

    @Test func finalizeResetsTheHasher() {
        var hasher = SHA256()
        hasher.update("something else")
        _ = hasher.finalize()
        hasher.update("abc")
        #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func copiesForkIndependently() {
        var prefix = SHA256()
        prefix.update("ab")
        var fork = prefix
        prefix.update("c")
        fork.update("d")
        #expect(prefix.finalize() == SHA256.hash("abc"))
        #expect(fork.finalize() == SHA256.hash("abd"))
    }
}
