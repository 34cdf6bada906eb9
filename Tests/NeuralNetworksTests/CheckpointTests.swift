import Foundation
import Testing
@testable import NeuralNetworks

/// Checkpoints: round trips, bit-identical resume, and damaged files that must give clear errors.
@Suite struct CheckpointTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quanta-ck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func data(seed: UInt64) -> LabeledData {
        var rng = RandomGenerator(seed: seed)
        let x = Tensor<Float>.normal([90, 1, 6, 6], rng: &rng)
        let labels = (0..<90).map { i in x.scalars[i * 36] > 0 ? 1 : (x.scalars[i * 36 + 1] > 0 ? 2 : 0) }
        return LabeledData(features: x, labels: labels)
    }

    static func trainer(seed: UInt64 = 3) -> Trainer<Float> {
        var rng = RandomGenerator(seed: seed)
        let model = Sequential<Float>(Conv2D(1, 4, kernelSize: 3, padding: 1, rng: &rng), BatchNorm.twoD(4), Activation(.relu),
                                      Flatten(), Dropout(0.2, seed: 9), Linear(144, 3, rng: &rng))
        return Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.01), batchSize: 16,
                       schedule: CosineSchedule(initial: 0.01, totalSteps: 3), seed: seed)
    }

    @Test func resumeMidEpochIsBitIdentical() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = Self.data(seed: 1)
        let full = Self.trainer()
        try full.fit(data, options: FitOptions(epochs: 3))

        let first = Self.trainer()
        let url = dir.appendingPathComponent("ck.safetensors")
        // Stop after batch 2 of epoch 2, as a crash would, right after a checkpoint.
        try first.fit(data, options: FitOptions(epochs: 1))
        _ = try first.trainEpoch(data) { batch, _ in batch < 2 }
        try first.saveCheckpoint(to: url)
        let second = Self.trainer(seed: 3)
        try second.resume(from: url)
        try second.fit(data, options: FitOptions(epochs: 3))
        for (a, b) in zip(full.model.namedParameters, second.model.namedParameters) {
            #expect(a.variable.value.scalars == b.variable.value.scalars, "\(a.name) differs")
        }
        #expect(full.model.namedBuffers.map(\.tensor) == second.model.namedBuffers.map(\.tensor))
        #expect(full.state == second.state)
    }

    /// A run whose loss turns NaN (here: NaN images in epoch 2) stops with `TrainingDiverged`
    /// before writing, so the checkpoint from epoch 1 stays byte for byte what it was.
    @Test func divergenceStopsBeforeTheCheckpointIsOverwritten() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("ck.safetensors")
        let good = Self.data(seed: 1)
        var rng = RandomGenerator(seed: 5)
        let model = Sequential<Float>(Flatten(), Linear(36, 3, rng: &rng))   // nothing here that could swallow a NaN
        let t = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.01), batchSize: 16, seed: 5)
        var options = FitOptions(epochs: 1)
        options.checkpoint = url
        options.checkpointEverySteps = 2
        try t.fit(good, options: options)
        let saved = try Data(contentsOf: url)
        // every image NaN: the first batch of epoch 2 diverges, before its step's checkpoint
        let nan = [Float](repeating: .nan, count: good.features.scalars.count)
        let bad = LabeledData(features: Tensor(shape: good.features.shape, scalars: nan), labels: good.labels)
        options.epochs = 2
        #expect(throws: TrainingDiverged.self) { try t.fit(bad, options: options) }
        #expect(try Data(contentsOf: url) == saved)
        #expect(!FileManager.default.fileExists(atPath: Trainer<Float>.bestURL(for: url).path))
    }

    @Test func roundTripAndValidation() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        let t = Self.trainer()
        try Checkpoint.save(model: t.model, optimizer: t.optimizer, metadata: ["note": "x"], to: url)
        let other = Self.trainer(seed: 99)
        let meta = try Checkpoint.load(into: other.model, optimizer: other.optimizer, from: url)
        #expect(meta["note"] == "x" && meta[Checkpoint.formatKey] == Checkpoint.formatVersion)
        for (a, b) in zip(t.model.parameters, other.model.parameters) { #expect(a.value == b.value) }
        // A different architecture is refused, naming the tensor.
        var rng = RandomGenerator(seed: 0)
        let wrong = Sequential<Float>(Linear(36, 3, rng: &rng))
        #expect(throws: SafeTensorsError.self) { try Checkpoint.load(into: wrong, from: url) }
    }

    @Test func damagedFilesGiveClearErrorsAndNeverTouchTheModel() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("good.safetensors")
        let t = Self.trainer()
        try Checkpoint.save(model: t.model, optimizer: t.optimizer, to: url)
        let good = try [UInt8](Data(contentsOf: url))
        var rng = RandomGenerator(seed: 2024)
        var rejected = 0
        for trial in 0..<400 {
            var bytes = good
            switch trial % 5 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next(upperBound: UInt64(bytes.count)))))       // truncated
            case 1: for _ in 0..<4 { bytes[Int(rng.next(upperBound: UInt64(bytes.count)))] = UInt8(truncatingIfNeeded: rng.next()) }
            case 2: bytes[Int(rng.next(upperBound: UInt64(8)))] = UInt8(truncatingIfNeeded: rng.next())         // header length
            case 3:                                                                                       // inside the JSON header
                let headerEnd = 8 + Int(bytes[0]) + (Int(bytes[1]) << 8)
                bytes[8 + Int(rng.next(upperBound: UInt64(headerEnd - 8)))] = UInt8(truncatingIfNeeded: rng.next())
            default: bytes = (0..<Int(rng.next(upperBound: UInt64(64)))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            let bad = dir.appendingPathComponent("bad\(trial).safetensors")
            try Data(bytes).write(to: bad)
            let before = t.model.parameters.map(\.value)
            do {
                try Checkpoint.load(into: t.model, optimizer: t.optimizer, from: bad)
            } catch let error as SafeTensorsError {
                rejected += 1
                #expect(error.description.hasPrefix(bad.path), "\(error)")
                #expect(t.model.parameters.map(\.value) == before, "a rejected file changed the model")
            }
        }
        // Byte flips inside float data leave a well-formed file; everything structural is rejected.
        #expect(rejected > 300, "only \(rejected) of 400 damaged files were rejected")
    }

    @Test func failedWriteKeepsTheOldFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("keep.safetensors")
        let t = Self.trainer()
        try Checkpoint.save(model: t.model, to: url)
        let good = try Data(contentsOf: url)
        // Block the temporary file's path so the next write fails half-way.
        let temporary = dir.appendingPathComponent(".keep.safetensors.\(ProcessInfo.processInfo.processIdentifier).tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        #expect(throws: SafeTensorsError.self) { try Checkpoint.save(model: Self.trainer(seed: 5).model, to: url) }
        #expect(try Data(contentsOf: url) == good)
    }

    /// Issue #14 item 8: files Python's safetensors rejects are rejected here too (bytes after
    /// the last tensor, gaps between tensors), and a failed write says why in plain words.
    @Test func dataSectionMustBeTiledExactly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("a.safetensors")
        try SafeTensors.write([("w", SafeTensors.Entry(Tensor<Float>([1, 2])))], metadata: [:], to: url)
        let good = try Data(contentsOf: url)
        try (good + Data([0, 0])).write(to: url)
        #expect { try SafeTensors.read(url) } throws: { "\($0)".contains("2 bytes after the last tensor") }
        let header = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        var gap = Data(withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init)) + Data(header.utf8)
        gap += Data(count: 8)
        try gap.write(to: url)
        #expect { try SafeTensors.read(url) } throws: { "\($0)".contains("gap of 4 bytes") }
        let missing = dir.appendingPathComponent("no/such/b.safetensors")
        #expect { try SafeTensors.writeAtomically(good, to: missing) } throws: { error in
            let text = "\(error)"
            return text.contains("No such file or directory") && !text.contains("NSCocoaErrorDomain")
        }
    }
}
