import Foundation
import Quanta

// Usage: qasm-samples OUTDIR [COUNT] [SEED]
// Writes OUTDIR/NNNN_v2.qasm (parameters bound), OUTDIR/NNNN_v3.qasm (symbolic, `input float[64]`)
// and OUTDIR/manifest.json: [{"id", "qubits", "inputs": {name: value}, "statevector": [[re, im], …]}].

func randomUnitary(_ k: Int, _ rng: inout RandomGenerator) -> [Complex] {
    let d = 1 << k
    var cols = (0..<d).map { _ in (0..<d).map { _ in Complex(rng.nextNormal(), rng.nextNormal()) } }
    for j in 0..<d {
        for i in 0..<j {
            var dot = Complex.zero
            for r in 0..<d { dot += cols[i][r].conjugate * cols[j][r] }
            for r in 0..<d { cols[j][r] -= dot * cols[i][r] }
        }
        let n = cols[j].reduce(0) { $0 + $1.magnitudeSquared }.squareRoot()
        cols[j] = cols[j].map { $0 / n }
    }
    var m = [Complex](repeating: .zero, count: d * d)
    for r in 0..<d { for c in 0..<d { m[r * d + c] = cols[c][r] } }
    return m
}

func parameter(_ rng: inout RandomGenerator) -> Parameter {
    let v = (rng.nextUnit() - 0.5) * 8
    switch rng.next() % 3 {
    case 0: return .constant(v)
    case 1: return (rng.nextUnit() * 3 - 1.5) * Parameter.input(Int(rng.next() % 3)) + v
    default: return (rng.nextUnit() * 3 - 1.5) * Parameter.weight(Int(rng.next() % 2)) + v
    }
}

func randomCircuit(qubits n: Int, gates: Int, rng: inout RandomGenerator) -> Circuit {
    var c = Circuit(qubits: n)
    let kinds = Gate.standardKinds
    for _ in 0..<gates {
        var g = kinds[Int(rng.next() % UInt64(kinds.count))]
        switch rng.next() % 20 {
        case 0: g = .unitary(randomUnitary(1 + Int(rng.next() % 2), &rng))
        case 1: g = .diagonal((0..<(2 << Int(rng.next() % 2))).map { _ in Complex.expi(rng.nextUnit() * 6) })
        case 2: g = .unitary(randomUnitary(1, &rng))
        default: break
        }
        guard g.qubitCount <= n else { continue }
        let order = rng.permutation(n)
        let free = n - g.qubitCount
        let k = rng.next() % 2 == 0 ? 0 : min(free, Int(rng.next() % 4))
        let ps = (0..<g.parameterCount).map { _ in parameter(&rng) }
        c.append(Instruction(g, targets: Array(order.prefix(g.qubitCount)), controls: Array(order.dropFirst(g.qubitCount).prefix(k)),
                             parameters: ps, adjoint: rng.next() % 4 == 0))
    }
    return c
}

let args = CommandLine.arguments
guard args.count >= 2 else { FileHandle.standardError.write("usage: qasm-samples OUTDIR [COUNT] [SEED]\n".data(using: .utf8)!); exit(64) }
let dir = URL(fileURLWithPath: args[1])
let count = args.count > 2 ? Int(args[2]) ?? 200 : 200
var rng = RandomGenerator(seed: args.count > 3 ? UInt64(args[3]) ?? 1 : 1)
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
var manifest: [String] = []
for id in 0..<count {
    let n = 1 + Int(rng.next() % 6)
    let c = randomCircuit(qubits: n, gates: 4 + Int(rng.next() % 16), rng: &rng)
    let x = (0..<c.inputCount).map { _ in rng.nextUnit() * 4 - 2 }
    let w = (0..<c.weightCount).map { _ in rng.nextUnit() * 4 - 2 }
    // Gate by gate: fused parametric adjoint gates disagreed with it at commit eb29115.
    let state = try QuantumProgram(c, options: .gateByGate).state(Double.self, weights: w, inputs: x).amplitudes
    let name = String(format: "%04d", id)
    try OpenQASM.export(c, version: .v2, weights: w, inputs: x).write(to: dir.appendingPathComponent("\(name)_v2.qasm"), atomically: true, encoding: .utf8)
    try OpenQASM.export(c, version: .v3).write(to: dir.appendingPathComponent("\(name)_v3.qasm"), atomically: true, encoding: .utf8)
    let inputs = (x.enumerated().map { "\"x\($0.offset)\":\($0.element)" } + w.enumerated().map { "\"w\($0.offset)\":\($0.element)" })
    manifest.append("{\"id\":\"\(name)\",\"qubits\":\(n),\"inputs\":{\(inputs.joined(separator: ","))},\"statevector\":["
        + state.map { "[\($0.re),\($0.im)]" }.joined(separator: ",") + "]}")
}
try ("[\n" + manifest.joined(separator: ",\n") + "\n]\n").write(to: dir.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
print("wrote \(count) circuits to \(dir.path)")
