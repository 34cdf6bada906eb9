import Foundation
import Tensor

/// A real matrix product state as a generative model over n-bit strings (a tensor-network Born
/// machine): ψ(x) = A₁[x₁]·A₂[x₂]⋯A_n[x_n] (χ_{i−1}×χ_i matrices, χ₀ = χ_n = 1, inner bonds at
/// most `bond`), p(x) = ψ(x)²/Z with Z = Σ_x ψ(x)² by transfer matrices. Trained by Adam on the
/// negative log-likelihood of the data, −Σ_x q(x)·log ψ(x)² + log Z, with analytic gradients
/// (left/right products for ψ, left/right environments for Z): O(n·(|support|·χ² + χ³)) per step.
/// Bit i of a basis index is site i.
public struct MPSBornMachine: Sendable {
    public let sites: Int
    public let bond: Int
    /// Site tensors, A_i[s][a][b] stored at (s·χ_{i−1} + a)·χ_i + b.
    public var tensors: [[Double]]

    /// Near the uniform distribution (every A_i[s] ≈ the identity) plus N(0, 0.1²) noise, seeded.
    public init(sites: Int, bond: Int, seed: UInt64) throws {
        guard (2...30).contains(sites), bond >= 1 else {
            throw QMLError.invalidArgument("an MPS Born machine takes 2–30 sites and a bond dimension ≥ 1; got \(sites) and \(bond)")
        }
        self.sites = sites
        self.bond = bond
        var rng = RandomGenerator(seed: seed)
        var tensors = [[Double]]()
        for i in 0..<sites {
            let (l, r) = (Self.dimension(i, sites, bond), Self.dimension(i + 1, sites, bond))
            tensors.append((0..<(2 * l * r)).map { k in
                let (a, b) = ((k / r) % l, k % r)
                return (a == b ? 1 : 0) + 0.1 * rng.nextNormal()
            })
        }
        self.tensors = tensors
    }

    /// χ of the bond left of site i: min(bond, 2^i, 2^(n−i)).
    static func dimension(_ i: Int, _ n: Int, _ bond: Int) -> Int {
        min(bond, 1 << min(i, n - i, 20))
    }

    func left(_ i: Int) -> Int { Self.dimension(i, sites, bond) }
    func right(_ i: Int) -> Int { Self.dimension(i + 1, sites, bond) }

    /// Parameters (all tensor entries).
    public var parameterCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// The normalised state ψ/√Z over all 2ⁿ strings (n ≤ 24).
    public func stateVector() throws -> [Double] {
        guard sites <= 24 else { throw QMLError.invalidArgument("a state vector of \(sites) sites does not fit in memory") }
        // rows: the strings of the sites so far (bit i = site i); columns: the open bond
        var v: [Double] = [1]
        var width = 1
        for i in 0..<sites {
            let (l, r) = (left(i), right(i))
            let rows = v.count / width
            var next = [Double](repeating: 0, count: 2 * rows * r)
            for s in 0..<2 {
                for p in 0..<rows {
                    for a in 0..<l where v[p * l + a] != 0 {
                        for b in 0..<r { next[(s * rows + p) * r + b] += v[p * l + a] * tensors[i][(s * l + a) * r + b] }
                    }
                }
            }
            v = next
            width = r
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    /// ψ(x) (unnormalised) with the left products L_i (row before site i) and right products R_i.
    func amplitude(_ x: Int) -> (psi: Double, lefts: [[Double]], rights: [[Double]]) {
        var lefts = [[1.0]]
        for i in 0..<sites {
            let (l, r, s) = (left(i), right(i), (x >> i) & 1)
            let row = lefts[i]
            lefts.append((0..<r).map { b in (0..<l).reduce(0) { $0 + row[$1] * tensors[i][(s * l + $1) * r + b] } })
        }
        var rights = [[Double]](repeating: [], count: sites + 1)
        rights[sites] = [1]
        for i in (0..<sites).reversed() {
            let (l, r, s) = (left(i), right(i), (x >> i) & 1)
            let column = rights[i + 1]
            rights[i] = (0..<l).map { a in (0..<r).reduce(0) { $0 + tensors[i][(s * l + a) * r + $1] * column[$1] } }
        }
        return (lefts[sites][0], lefts, rights)
    }
}
