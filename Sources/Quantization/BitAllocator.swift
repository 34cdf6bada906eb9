/// Chooses a bit width per layer to minimise a summed sensitivity under a size budget: the
/// multiple-choice knapsack solved by dynamic programming over plan sizes. Sizes are counted
/// in units of the greatest common divisor of the layers' weight counts — exact — unless the
/// largest plan would then need more than `maximumStates` units; the unit is then the largest
/// plan / `maximumStates` and every layer's size is rounded up (a returned plan never exceeds
/// the budget; the optimum may be missed by a unit's worth). Shared by HAWQ (Hessian-weighted
/// perturbations) and ZeroQ (KL divergences), whose Pareto frontier is the same table read at
/// every size. O(layers · choices · states).
public struct BitAllocator: Sendable {
    /// One layer: its weight count and the cost of each width it may take.
    public struct Layer: Sendable {
        public var weights: Int
        /// width → sensitivity (any width missing is not allowed for this layer).
        public var costs: [Int: Double]

        public init(weights: Int, costs: [Int: Double]) {
            self.weights = weights
            self.costs = costs
        }
    }

    /// One point of the frontier: the plan, its average width and its summed cost.
    public struct Plan: Sendable, Equatable {
        public var bits: [Int]
        public var averageBits: Double
        public var cost: Double
    }

    public let layers: [Layer]
    /// Units in the largest plan.
    let resolution: Int
    /// Bits per unit.
    let unit: Double
    /// best[i][u]: least cost of layers 0..<i in ≤ u units, with the choice that reached it.
    let best: [[(cost: Double, choice: Int)]]

    public init(layers: [Layer], maximumStates: Int = 2_000_000) {
        precondition(!layers.isEmpty && layers.allSatisfy { !$0.costs.isEmpty }, "BitAllocator: every layer needs a width")
        self.layers = layers
        let largest = Swift.max(layers.reduce(0) { $0 + $1.weights * ($1.costs.keys.max() ?? 0) }, 1)
        let divisor = Swift.max(layers.reduce(0) { greatestCommonDivisor($0, $1.weights) }, 1)
        if largest / divisor <= maximumStates {
            unit = Double(divisor)
            resolution = largest / divisor
        } else {
            unit = Double(largest) / Double(maximumStates)
            resolution = maximumStates
        }
        var table: [[(cost: Double, choice: Int)]] = [Array(repeating: (0, 0), count: resolution + 1)]
        for layer in layers {
            let previous = table.last!
            var row = Array(repeating: (cost: Double.infinity, choice: 0), count: resolution + 1)
            for (bits, cost) in layer.costs {
                let size = Int((Double(layer.weights * bits) / unit).rounded(.up))
                guard size <= resolution else { continue }
                for u in size...resolution where previous[u - size].cost + cost < row[u].cost {
                    row[u] = (previous[u - size].cost + cost, bits)
                }
            }
            table.append(row)
        }
        best = table
    }

    var totalWeights: Int { layers.reduce(0) { $0 + $1.weights } }

    /// The least-cost plan whose average width Σ n·b / Σ n is at most `averageBits`, or nil.
    public func plan(averageBits: Double) -> Plan? {
        let budget = Int((averageBits * Double(totalWeights) / unit).rounded(.down))
        return plan(units: Swift.min(budget, resolution))
    }

    func plan(units: Int) -> Plan? {
        guard units >= 0, best[layers.count][units].cost.isFinite else { return nil }
        var bits = [Int](repeating: 0, count: layers.count)
        var u = units
        for i in stride(from: layers.count, to: 0, by: -1) {
            let choice = best[i][u].choice
            bits[i - 1] = choice
            u -= Int((Double(layers[i - 1].weights * choice) / unit).rounded(.up))
        }
        let total = Swift.zip(layers, bits).reduce(0) { $0 + $1.0.weights * $1.1 }
        let cost = Swift.zip(layers, bits).reduce(0.0) { $0 + $1.0.costs[$1.1]! }
        return Plan(bits: bits, averageBits: Double(total) / Double(totalWeights), cost: cost)
    }

    /// The Pareto frontier: plans whose cost no smaller plan matches, smallest first.
    public var frontier: [Plan] {
        var plans: [Plan] = []
        for u in 0...resolution {
            guard let p = plan(units: u), p.cost < (plans.last?.cost ?? .infinity) else { continue }
            plans.append(p)
        }
        return plans
    }
}

func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
}
