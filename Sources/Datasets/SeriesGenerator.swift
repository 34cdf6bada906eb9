import Foundation
import Tensor

/// A generated series registered like a data set: `quanta datasets list` shows it and
/// `--dataset NAME` loads it, with parameters in the name, `NAME:key=value,…`
/// (`narma10:seed=3,length=2000`, `pendulum:b=0.3`). Deterministic for given parameters (the
/// random ones take a `seed` parameter). A series [T, 1], task forecasting, no test split.
public struct SeriesGenerator: Sendable {
    /// A parameter and its default.
    public struct Parameter: Sendable {
        public var name: String
        public var value: Double
        public var help: String
    }

    public let name: String
    public let title: String
    public let parameters: [Parameter]
    let make: @Sendable (_ values: [String: Double]) throws -> [Double]

    /// Every generator.
    public static let all: [SeriesGenerator] = [
        SeriesGenerator(name: "damped-shm", title: "Damped simple harmonic motion x'' + 2γx' + ω₀²x = 0, x(0) = 1, closed form",
                        parameters: [.init(name: "frequency", value: 2 * Double.pi * 0.2, help: "ω₀"),
                                     .init(name: "damping", value: 0.1, help: "γ < ω₀"),
                                     .init(name: "duration", value: 20, help: "time span"),
                                     .init(name: "points", value: 240, help: "samples")]) { p in
            try SyntheticSeries.dampedOscillator(frequency: p["frequency"]!, damping: p["damping"]!, duration: p["duration"]!,
                                                 points: try count(p["points"]!, "points"))
        },
        SeriesGenerator(name: "pendulum", title: "Damped pendulum θ'' = −(b/m)θ' − g sin θ (RK4), its angular velocity; QFWP's series",
                        parameters: [.init(name: "b", value: 0.15, help: "damping"), .init(name: "g", value: 9.81, help: "gravity"),
                                     .init(name: "m", value: 1, help: "mass"), .init(name: "angle", value: 0, help: "θ(0)"),
                                     .init(name: "velocity", value: 3, help: "θ'(0)"), .init(name: "duration", value: 20, help: "time span"),
                                     .init(name: "points", value: 240, help: "samples")]) { p in
            try SyntheticSeries.dampedPendulum(b: p["b"]!, g: p["g"]!, m: p["m"]!, angle: p["angle"]!, velocity: p["velocity"]!,
                                               duration: p["duration"]!, points: try count(p["points"]!, "points")).velocity
        },
        SeriesGenerator(name: "bessel-j2", title: "Bessel function J₂(x) on equally spaced x",
                        parameters: [.init(name: "from", value: 0.1, help: "first x"), .init(name: "to", value: 20, help: "last x"),
                                     .init(name: "points", value: 240, help: "samples")]) { p in
            try SyntheticSeries.besselJ2(from: p["from"]!, to: p["to"]!, points: try count(p["points"]!, "points"))
        },
        narma(5),
        narma(10),
    ]

    static func narma(_ order: Int) -> SeriesGenerator {
        SeriesGenerator(name: "narma\(order)", title: "NARMA\(order) output y(t) driven by u(t) ~ U(0, 0.5), seeded",
                        parameters: [.init(name: "length", value: 1000, help: "samples"), .init(name: "seed", value: 0, help: "input draw")]) { p in
            try SyntheticSeries.narma(order: order, length: try count(p["length"]!, "length"), seed: UInt64(try count(p["seed"]!, "seed"))).output
        }
    }

    /// A whole number ≥ 0 below 10⁷ from a parameter value.
    static func count(_ v: Double, _ name: String) throws -> Int {
        guard v.isFinite, v >= 0, v < 1e7, v == v.rounded() else {
            throw DatasetError.invalidArgument("series parameter \(name) = \(v) must be a whole number from 0 to 10⁷")
        }
        return Int(v)
    }

    /// The generator a data set name refers to (`NAME` or `NAME:key=value,…`), or nil.
    public static func named(_ name: String) -> SeriesGenerator? {
        let base = name.split(separator: ":", maxSplits: 1).first.map { String($0).lowercased() } ?? ""
        return all.first { $0.name == base }
    }

    /// The parameter values a name sets over the defaults; throws for unknown keys or non-numbers.
    public func values(from name: String) throws -> [String: Double] {
        var values = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value) })
        let parts = name.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return values }
        for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, values[pair[0]] != nil else {
                throw DatasetError.invalidArgument("\(self.name): '\(item)' is not key=value with a key among "
                    + parameters.map(\.name).joined(separator: ", "))
            }
            guard let v = Double(pair[1]), v.isFinite else {
                throw DatasetError.invalidArgument("\(self.name): \(pair[0]) = '\(pair[1])' is not a finite number")
            }
            values[pair[0]] = v
        }
        return values
    }

    /// The series `name` describes, as a data set (train: [T, 1], no test split).
    public func load(_ name: String) throws -> Dataset {
        let series: [Double]
        do { series = try make(try values(from: name)) } catch let failure as SyntheticSeries.Failure {
            throw DatasetError.invalidArgument(failure.description)
        }
        let defaults = parameters.map { "\($0.name)=\(Self.text($0.value))" }.joined(separator: ",")
        let info = DatasetInfo(name: name, title: title, task: .forecasting, classes: nil, sampleShape: [1], trainCount: series.count,
                               testCount: nil, source: "generated (defaults \(defaults))", license: "—", location: "generated")
        let split = DataSplit(features: Tensor(shape: [series.count, 1], scalars: series.map { Float($0) }))
        return Dataset(info: info, train: split, test: nil)
    }

    /// A parameter value as written in a name: "240", "0.15".
    public static func text(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.6g", v)
    }
}
