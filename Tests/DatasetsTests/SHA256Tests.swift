import Foundation
import Testing
import Tensor
@testable import Datasets

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hash([UInt8]()).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hexString
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hash(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)).hexString
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).hexString
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func paddingBoundaries() {
        // 55, 56, 63, 64 and 65 bytes cross the one-or-two-final-blocks boundary.
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
        ]
        for (n, digest) in expected {
            #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: n)).hexString == digest, "length \(n)")
        }
    }

    @Test func incrementalEqualsOneShot() {
        var rng = RandomGenerator(seed: 11)
        for _ in 0..<20 {
            let n = Int(rng.next() % 3000)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var h = SHA256()
            var i = 0
            while i < n {
                let step = min(Int(rng.next() % 130), n - i)
                h.update(bytes[i..<(i + step)])
                i += step
            }
            #expect(h.finalize() == SHA256.hash(bytes))
        }
    }

    @Test(.enabled(if: TestData.hasShared, TestData.sharedMissing))
    func sharedFileDigests() throws {
        #expect(try SHA256.hexDigest(ofFile: TestData.shared.appendingPathComponent("iris/iris.csv"))
                == "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449")
        #expect(try SHA256.hexDigest(ofFile: TestData.shared.appendingPathComponent("mnist/t10k-labels-idx1-ubyte.gz"))
                == "e2650e6732b191c90c7705906a2d65c6c0a20efb31f5c53d1b2b0bda74d911e9")
        let start = Date()
        #expect(try SHA256.hexDigest(ofFile: TestData.shared.appendingPathComponent("mnist/t10k-images-idx3-ubyte.gz"))
                == "c99a2fc9c8f7934dac9481251fc235227437fdcccfb8de53efcb767a8c3b057e")
        print("SHA-256 of 1.6 MB in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    }
}
