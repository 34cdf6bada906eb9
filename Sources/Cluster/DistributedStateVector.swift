import Foundation
import QuantumSim
import Tensor

/// An n-qubit state whose 2ⁿ amplitudes are spread over the 2ᵏ ranks of a `Communicator`:
/// rank r holds the 2ⁿ⁻ᵏ amplitudes whose top k index bits equal r, as a local `StateVector`.
///
/// Gates on qubits at local positions run on the local vector with the compiled kernels
/// (fused runs of gates). A gate on a qubit at a global position first moves that qubit to a
/// local position: ranks r and r ⊕ 2ʲ (j the global bit) swap the halves of their vectors in
/// which the local bit differs from their global bit — half the local vector crosses the
/// network, in pieces of `pieceAmplitudes` — and the layout records the new positions, as
/// Qiskit Aer's chunk swaps do. The local qubit moved out is the one needed last. A gate
/// whose global qubits are controls or targets of a diagonal matrix needs no exchange
/// (`DistributedStateVector+Diagonal.swift`).
/// `restoreLayout()` puts every qubit back (rank r then holds indices r·2ⁿ⁻ᵏ ..< (r+1)·2ⁿ⁻ᵏ).
///
/// Memory per rank: 2ⁿ⁻ᵏ amplitudes plus two exchange pieces.
public struct DistributedStateVector<R: SimReal> {
    /// The rank's amplitudes (positions below `layout.localCount`).
    public private(set) var local: StateVector<R>
    public let communicator: Communicator
    public private(set) var layout: QubitLayout
    /// Number of qubits n.
    public let qubitCount: Int
    /// Counts and times of the gates run so far.
    public private(set) var timings = GateTimings()

    /// Amplitudes per exchanged piece (2²⁰: 16 MiB at complex128).
    public static var pieceAmplitudes: Int { 1 << 20 }

    /// |0…0⟩ on `qubits` qubits over every rank of `communicator`, after checking this rank's
    /// memory (`perRankBytes` plus `extraBytes` the caller will need beside it, such as the
    /// copy `expectation` makes) against its share of the node's available memory.
    public init(qubits: Int, communicator: Communicator, extraBytes: Double = 0) throws {
        let global = try Self.globalQubits(qubits: qubits, ranks: communicator.size)
        let localCount = qubits - global
        let need = Self.perRankBytes(qubits: qubits, ranks: communicator.size) + extraBytes
        let available = MemoryBudget.availableBytes() / Double(Self.ranksOnNode)
        guard need <= available else {
            throw QuantumSimError.invalidArgument(
                "rank \(communicator.rank): \(qubits) qubits over \(communicator.size) ranks need "
                    + "\(MemoryBudget.describe(need)) per rank, but this rank's share of the node's memory is "
                    + MemoryBudget.describe(available))
        }
        local = try StateVector<R>(qubits: localCount)
        if communicator.rank != 0 { local.withUnsafeMutableReals { $0.update(repeating: 0) } }
        self.communicator = communicator
        layout = QubitLayout(qubits: qubits, localCount: localCount)
        qubitCount = qubits
    }

    /// k with 2ᵏ = `ranks`, leaving at least 3 local qubits (room for a 3-qubit gate's moves).
    static func globalQubits(qubits: Int, ranks: Int) throws -> Int {
        guard ranks > 0, ranks & (ranks - 1) == 0 else {
            throw QuantumSimError.invalidArgument("a distributed state needs a power-of-two number of ranks, got \(ranks)")
        }
        let global = ranks.trailingZeroBitCount
        guard qubits - global >= 3 else {
            throw QuantumSimError.invalidArgument(
                "\(qubits) qubits are too few for \(ranks) ranks (each rank needs at least 3 local qubits)")
        }
        return global
    }

    /// Bytes one rank holds: its amplitudes and the two exchange pieces.
    public static func perRankBytes(qubits: Int, ranks: Int) -> Double {
        let local = localBytes(qubits: qubits, ranks: ranks)
        let amplitude = Double(2 * MemoryLayout<R>.size)
        return local + 2 * Swift.min(Double(pieceAmplitudes) * amplitude, local / 2)
    }

    /// Bytes of one rank's amplitudes.
    public static func localBytes(qubits: Int, ranks: Int) -> Double {
        Double(2 * MemoryLayout<R>.size) * pow(2.0, Double(qubits - ranks.trailingZeroBitCount))
    }

    /// Ranks mpirun started on this node (they share its memory).
    static var ranksOnNode: Int {
        Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? 1
    }

    /// Runs `circuit` (on all n qubits, parameters bound from `inputs`).
    public mutating func run(_ circuit: Circuit, inputs: [Double] = [], policy: ExecutionPolicy = .serial) {
        precondition(circuit.qubitCount <= qubitCount, "a \(circuit.qubitCount)-qubit circuit on \(qubitCount) qubits")
        let operations = circuit.instructions
        let qubitLists = operations.map(\.qubits)
        var segment = Circuit(qubits: layout.localCount)
        for (index, operation) in operations.enumerated() {
            timings.gates += 1
            let global = operation.qubits.filter { !layout.isLocal($0) }
            if !global.isEmpty, case let outcome = rankLocal(operation, inputs: inputs), !outcome.needsExchange {
                timings.conditionedGates += 1
                if case let .gate(reduced) = outcome { segment.append(localized(reduced)) }
                continue
            }
            if !global.isEmpty {
                runSegment(&segment, inputs: inputs, policy: policy)
                for q in global {
                    let target = layout.evictionCandidate(busy: operation.qubits, upcoming: qubitLists[(index + 1)...])
                    swapGlobal(layout.physical[q], withLocal: target)
                }
                timings.globalGates += 1
            }
            segment.append(localized(operation))
        }
        runSegment(&segment, inputs: inputs, policy: policy)
    }

    /// This rank's value of the global qubit `q` (its bit in the rank's index).
    func rankBit(_ q: Int) -> Int {
        (communicator.rank >> (layout.physical[q] - layout.localCount)) & 1
    }

    /// `operation` on the local positions of its qubits.
    func localized(_ operation: Instruction) -> Instruction {
        var moved = operation
        moved.targets = operation.targets.map { layout.physical[$0] }
        moved.controls = operation.controls.map { layout.physical[$0] }
        return moved
    }

    /// Runs and empties the pending local gates.
    mutating func runSegment(_ segment: inout Circuit, inputs: [Double], policy: ExecutionPolicy) {
        guard !segment.instructions.isEmpty else { return }
        let start = Date()
        QuantumProgram(segment).run(&local, inputs: inputs, policy: policy)
        timings.localSeconds += Date().timeIntervalSince(start)
        segment = Circuit(qubits: layout.localCount)
    }

    /// Swaps the qubits at global position `global` and local position `position` with the
    /// partner rank across that global bit.
    mutating func swapGlobal(_ global: Int, withLocal position: Int) {
        let start = Date()
        let bit = global - layout.localCount
        let partner = communicator.rank ^ (1 << bit)
        let mine = (communicator.rank >> bit) & 1
        exchangeHalf(position: position, value: 1 - mine, with: partner)
        layout.swapPositions(global, position)
        timings.swaps += 1
        timings.swapSeconds += Date().timeIntervalSince(start)
    }

    /// Replaces the local amplitudes whose bit `position` equals `value` by the partner's
    /// amplitudes at the same indices (the partner does the same with `1 − value`).
    mutating func exchangeHalf(position: Int, value: Int, with partner: Int) {
        let half = (1 << layout.localCount) / 2
        let piece = Swift.min(Self.pieceAmplitudes, half)
        let outgoing = UnsafeMutableBufferPointer<R>.allocate(capacity: 2 * piece)
        let incoming = UnsafeMutableBufferPointer<R>.allocate(capacity: 2 * piece)
        defer {
            outgoing.deallocate()
            incoming.deallocate()
        }
        let communicator = communicator
        local.withUnsafeMutableReals { reals in
            let runs = HalfRuns(position: position, value: value)
            for start in stride(from: 0, to: half, by: piece) {
                runs.copy(start..<(start + piece), from: reals.baseAddress!, into: outgoing.baseAddress!)
                communicator.exchange(UnsafeRawBufferPointer(outgoing), UnsafeMutableRawBufferPointer(incoming), with: partner)
                runs.copy(start..<(start + piece), back: incoming.baseAddress!, into: reals.baseAddress!)
            }
        }
    }

    /// Puts every qubit back at its own position.
    public mutating func restoreLayout() {
        let n = layout.localCount
        for position in n..<qubitCount where layout.logical[position] != position {
            let current = layout.physical[position]
            if current < n {
                swapGlobal(position, withLocal: current)
            } else {
                // global to global: through local position 0
                swapGlobal(current, withLocal: 0)
                swapGlobal(position, withLocal: 0)
            }
        }
        var swaps = Circuit(qubits: n)
        for position in 0..<n where layout.logical[position] != position {
            let current = layout.physical[position]
            swaps.append(.swap, [position, current])
            layout.swapPositions(position, current)
        }
        if !swaps.instructions.isEmpty { QuantumProgram(swaps).run(&local) }
    }
}

/// Counts and times of a distributed run.
public struct GateTimings: Sendable, Equatable {
    /// Gates run.
    public var gates = 0
    /// Gates that needed a global qubit moved first.
    public var globalGates = 0
    /// Gates on global qubits run (or skipped) on each rank without an exchange: the global
    /// qubits were controls or targets of a diagonal matrix.
    public var conditionedGates = 0
    /// Global–local swaps (each moves half of every rank's amplitudes).
    public var swaps = 0
    /// Seconds in the local kernels.
    public var localSeconds = 0.0
    /// Seconds in swaps (packing and exchange).
    public var swapSeconds = 0.0

    /// Mean seconds per gate on local positions (local kernel time over all gates).
    public var secondsPerLocalGate: Double { gates > 0 ? localSeconds / Double(gates) : 0 }

    /// Mean seconds per gate on a global position: a local gate plus its share of the swaps.
    public var secondsPerGlobalGate: Double {
        globalGates > 0 ? secondsPerLocalGate + swapSeconds / Double(globalGates) : 0
    }
}

/// The amplitudes of a local vector whose bit `position` equals `value`, in index order:
/// runs of 2^position consecutive amplitudes, one every 2^(position+1).
struct HalfRuns {
    let position: Int
    let value: Int

    /// The index of the j-th amplitude of the half.
    func index(_ j: Int) -> Int {
        let low = j & ((1 << position) - 1)
        return ((j >> position) << (position + 1)) | (value << position) | low
    }

    /// Copies half-entries `range` from the vector `reals` (interleaved) into `packed`.
    func copy<R>(_ range: Range<Int>, from reals: UnsafeMutablePointer<R>, into packed: UnsafeMutablePointer<R>) {
        walk(range) { j, count in
            (packed + 2 * (j - range.lowerBound)).update(from: reals + 2 * index(j), count: 2 * count)
        }
    }

    /// Copies `packed` back to half-entries `range` of the vector `reals`.
    func copy<R>(_ range: Range<Int>, back packed: UnsafeMutablePointer<R>, into reals: UnsafeMutablePointer<R>) {
        walk(range) { j, count in
            (reals + 2 * index(j)).update(from: packed + 2 * (j - range.lowerBound), count: 2 * count)
        }
    }

    /// Calls `body(j, count)` for each stretch of `range` that is contiguous in the vector.
    func walk(_ range: Range<Int>, _ body: (Int, Int) -> Void) {
        let run = 1 << position
        var j = range.lowerBound
        while j < range.upperBound {
            let count = Swift.min(run - (j & (run - 1)), range.upperBound - j)
            body(j, count)
            j += count
        }
    }
}
