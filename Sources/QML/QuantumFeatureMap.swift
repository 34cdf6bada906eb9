import QuantumSim

/// A fixed encoding circuit U(x) read as a feature map: rows of features → states
/// |ψ(x)⟩ = U(x)|0⟩, or the magnitudes |⟨b|ψ(x)⟩| of their 2^q amplitudes as classical features
/// (QuXAI's hybrid models). O(rows·circuit) time, O(rows·2^q) memory.
public struct QuantumFeatureMap: Sendable {
    public let encoding: Circuit
    let program: QuantumProgram

    /// Throws when the encoding reads trainable weights (a feature map is fixed) or reads no inputs.
    public init(_ encoding: Circuit) throws {
        guard encoding.weightCount == 0, encoding.inputCount > 0 else {
            throw QMLError.invalidArgument("a feature map's encoding reads inputs and no weights; this one reads \(encoding.inputCount) inputs and \(encoding.weightCount) weights")
        }
        self.encoding = encoding
        program = QuantumProgram(encoding)
    }

    /// Features per row.
    public var features: Int { encoding.inputCount }

    /// Rows in `x`, after checking it holds whole rows.
    func rows(_ x: [Double]) throws -> Int {
        guard x.count % features == 0, !x.isEmpty else {
            throw QMLError.invalidArgument("feature-map rows hold \(features) features; got \(x.count) values")
        }
        return x.count / features
    }

    /// The encoded states of the rows of `x`, row-major [rows][2^q].
    public func states(_ x: [Double]) throws -> [Complex] {
        let n = try rows(x)
        let dim = 1 << encoding.qubitCount
        guard n <= Int.max / dim / 16 else { throw QMLError.invalidArgument("\(n) states of \(dim) amplitudes do not fit in memory") }
        var out = [Complex]()
        out.reserveCapacity(n * dim)
        for r in 0..<n {
            let row = Array(x[(r * features)..<((r + 1) * features)])
            out += try program.state(Double.self, inputs: row).amplitudes
        }
        return out
    }

    /// |amplitudes| of the rows' states: [rows][2^q].
    public func magnitudes(_ x: [Double]) throws -> [Double] {
        try states(x).map { $0.magnitudeSquared.squareRoot() }
    }
}
