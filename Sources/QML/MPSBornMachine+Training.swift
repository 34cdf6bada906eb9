import Foundation

extension MPSBornMachine {
    /// Transfer environments: lefts[i] (χ_{i−1}², the contraction of sites before i with
    /// themselves) and rights[i] (χ_i², sites after i); Z = lefts[n][0].
    func environments() -> (lefts: [[Double]], rights: [[Double]]) {
        var lefts = [[1.0]]
        for i in 0..<sites {
            let (l, r) = (left(i), right(i))
            let e = lefts[i]
            var next = [Double](repeating: 0, count: r * r)
            for s in 0..<2 {
                for a in 0..<l {
                    for a2 in 0..<l where e[a * l + a2] != 0 {
                        for b in 0..<r {
                            let x = e[a * l + a2] * tensors[i][(s * l + a) * r + b]
                            for b2 in 0..<r { next[b * r + b2] += x * tensors[i][(s * l + a2) * r + b2] }
                        }
                    }
                }
            }
            lefts.append(next)
        }
        var rights = [[Double]](repeating: [], count: sites + 1)
        rights[sites] = [1]
        for i in (0..<sites).reversed() {
            let (l, r) = (left(i), right(i))
            let e = rights[i + 1]
            var next = [Double](repeating: 0, count: l * l)
            for s in 0..<2 {
                for a in 0..<l {
                    for a2 in 0..<l {
                        var sum = 0.0
                        for b in 0..<r {
                            for b2 in 0..<r { sum += tensors[i][(s * l + a) * r + b] * e[b * r + b2] * tensors[i][(s * l + a2) * r + b2] }
                        }
                        next[a * l + a2] += sum
                    }
                }
            }
            rights[i] = next
        }
        return (lefts, rights)
    }

    /// −Σ q(x)·log(ψ(x)²/Z) over `data` (string, weight) pairs and its gradient per tensor.
    public func negativeLogLikelihood(_ data: [(x: Int, weight: Double)]) -> (value: Double, gradient: [[Double]]) {
        let (envL, envR) = environments()
        let z = envL[sites][0]
        var value = log(z) * data.reduce(0) { $0 + $1.weight }
        var gradient = tensors.map { [Double](repeating: 0, count: $0.count) }
        for (x, weight) in data {
            let (psi, lefts, rights) = amplitude(x)
            value -= weight * log(max(psi * psi, 1e-300))
            let scale = -2 * weight / psi
            for i in 0..<sites {
                let (l, r, s) = (left(i), right(i), (x >> i) & 1)
                for a in 0..<l {
                    for b in 0..<r { gradient[i][(s * l + a) * r + b] += scale * lefts[i][a] * rights[i + 1][b] }
                }
            }
        }
        // ∂ log Z / ∂A_i[s][a][b] = 2 Σ EL[a][a'] A_i[s][a'][b'] ER[b][b'] / Z, times Σ weights
        let total = data.reduce(0) { $0 + $1.weight }
        for i in 0..<sites {
            let (l, r) = (left(i), right(i))
            for s in 0..<2 {
                for a in 0..<l {
                    for b in 0..<r {
                        var sum = 0.0
                        for a2 in 0..<l {
                            for b2 in 0..<r { sum += envL[i][a * l + a2] * tensors[i][(s * l + a2) * r + b2] * envR[i + 1][b * r + b2] }
                        }
                        gradient[i][(s * l + a) * r + b] += 2 * total * sum / z
                    }
                }
            }
        }
        return (value, gradient)
    }

    /// Adam on the NLL of the distribution `q` (over 2ⁿ strings) for `steps` full-batch steps;
    /// returns the NLL after each step. The tensors are rescaled to keep Z near 1.
    @discardableResult
    public mutating func fit(_ q: [Double], steps: Int, learningRate: Double = 0.05) throws -> [Double] {
        guard q.count == 1 << sites else { throw QMLError.invalidArgument("the distribution has \(q.count) entries for \(sites) sites") }
        let data = q.indices.filter { q[$0] > 0 }.map { (x: $0, weight: q[$0]) }
        var m = tensors.map { [Double](repeating: 0, count: $0.count) }
        var v = m
        var history = [Double]()
        for step in 1...max(steps, 1) {
            let (value, g) = negativeLogLikelihood(data)
            history.append(value)
            for i in 0..<sites {
                for k in tensors[i].indices {
                    m[i][k] = 0.9 * m[i][k] + 0.1 * g[i][k]
                    v[i][k] = 0.999 * v[i][k] + 0.001 * g[i][k] * g[i][k]
                    let mHat = m[i][k] / (1 - pow(0.9, Double(step)))
                    let vHat = v[i][k] / (1 - pow(0.999, Double(step)))
                    tensors[i][k] -= learningRate * mHat / (vHat.squareRoot() + 1e-8)
                }
            }
            normalise()
        }
        return history
    }

    /// Divides every tensor by Z^(1/2n) so Z = 1 (the distribution is unchanged).
    mutating func normalise() {
        let z = environments().lefts[sites][0]
        let factor = pow(z, -0.5 / Double(sites))
        tensors = tensors.map { $0.map { $0 * factor } }
    }
}
