import Foundation
import Tensor

/// Finite-shot estimates of observables, drawn from their exact expectations. Each Pauli term
/// of a sum is measured on its own with `shots` repetitions (outcomes ±1, P(+1) = (1 + ⟨P⟩)/2),
/// a projector with outcomes 0/1 (P(1) = ⟨Π⟩); identity terms are exact. The count of +1s
/// (or 1s) is a binomial draw, so an estimate has exactly the distribution that `shots`
/// measurements of that term on hardware would have, at the cost of O(shots·min(p, 1 − p))
/// per term rather than one simulation per shot.
public struct ShotEstimator: Sendable {
    /// What gets measured: each a single Pauli string or a projector.
    public let atoms: [Observable]
    /// How each observable is made: its constant, then (atom index, coefficient) pairs.
    let recipes: [(constant: Double, parts: [(atom: Int, coefficient: Double)])]
    /// Number of observables estimated.
    public var outputCount: Int { recipes.count }
    /// Per atom: true for a projector (outcomes 0/1), false for a Pauli string (±1).
    let isProjector: [Bool]

    /// Splits `observables` into separately measured atoms.
    public init(_ observables: [Observable]) {
        var atoms = [Observable]()
        var index = [Observable: Int]()
        var recipes = [(constant: Double, parts: [(atom: Int, coefficient: Double)])]()
        func atom(_ o: Observable) -> Int {
            if let i = index[o] { return i }
            index[o] = atoms.count
            atoms.append(o)
            return atoms.count - 1
        }
        for o in observables {
            switch o {
            case let .pauli(sum):
                var constant = 0.0
                var parts = [(atom: Int, coefficient: Double)]()
                for (c, p) in sum.terms {
                    if p.xMask == 0 && p.zMask == 0 { constant += c } else { parts.append((atom(.pauli(PauliSum([(1, p)]))), c)) }
                }
                recipes.append((constant, parts))
            case .projector:
                recipes.append((0, [(atom(o), 1)]))
            }
        }
        self.atoms = atoms
        self.recipes = recipes
        isProjector = atoms.map { if case .projector = $0 { return true } else { return false } }
    }

    /// The observables' values for `rows` samples from exact atom expectations `means`
    /// ([rows][atoms.count]), each atom estimated from `shots` draws. [rows][observables].
    public func estimate(means: [Double], rows: Int, shots: Int, rng: inout RandomGenerator) -> [Double] {
        var sampled = means
        for (i, m) in means.enumerated() {
            sampled[i] = sample(m, projector: isProjector[i % atoms.count], shots, &rng)
        }
        return exact(means: sampled, rows: rows)
    }

    /// The observables' exact values from atom expectations `means` ([rows][atoms.count]).
    public func exact(means: [Double], rows: Int) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(rows * recipes.count)
        for r in 0..<rows {
            for recipe in recipes {
                out.append(recipe.parts.reduce(recipe.constant) { $0 + $1.coefficient * means[r * atoms.count + $1.atom] })
            }
        }
        return out
    }

    func sample(_ mean: Double, projector: Bool, _ shots: Int, _ rng: inout RandomGenerator) -> Double {
        let p = projector ? mean : (1 + mean) / 2
        let fraction = Double(Self.binomial(shots, min(max(p, 0), 1), &rng)) / Double(shots)
        return projector ? fraction : 2 * fraction - 1
    }

    /// Successes in `n` trials of probability p, by geometric skips over the rarer outcome:
    /// O(n·min(p, 1 − p) + 1) uniforms.
    public static func binomial(_ n: Int, _ p: Double, _ rng: inout RandomGenerator) -> Int {
        let rare = min(p, 1 - p)
        guard rare > 0 else { return p >= 0.5 ? n : 0 }
        let logStay = log1p(-rare)
        var count = 0
        var position = 0
        while true {
            let u = 1 - rng.nextUnit()
            position += Int(floor(log(u) / logStay)) + 1
            if position > n { break }
            count += 1
        }
        return p <= 0.5 ? count : n - count
    }
}
