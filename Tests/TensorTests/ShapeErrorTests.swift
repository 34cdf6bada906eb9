import Testing
import Tensor

/// Shape mistakes are programmer errors: they stop the process with a message naming the
/// shapes (checked in a child process with exit tests).
@Suite struct ShapeErrorTests {
    @Test func incompatibleBroadcastTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor<Float>.zeros([2, 3]) + Tensor<Float>.zeros([4])
        }
    }

    @Test func matmulInnerMismatchTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor<Float>.zeros([2, 3]).matmul(Tensor<Float>.zeros([4, 5]))
        }
    }

    @Test func badReshapeTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor<Float>.zeros([2, 3]).reshaped([4, 2])
        }
    }

    @Test func broadcastingRules() {
        #expect(BroadcastPlan.resultShape([2, 1, 4], [3, 1]) == [2, 3, 4])
        #expect(BroadcastPlan.resultShape([], [5]) == [5])
        let a = Tensor<Double>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        let b = Tensor<Double>(shape: [3, 1], scalars: [10, 20, 30])
        #expect((a * b).scalars == [10, 20, 20, 40, 30, 60, 30, 40, 60, 80, 90, 120])
        #expect((a - 1).scalars == [0, 1, 2, 3])
        #expect((Tensor<Double>(2) / a).scalars == [2, 1, 2.0 / 3.0, 0.5])
    }
}
