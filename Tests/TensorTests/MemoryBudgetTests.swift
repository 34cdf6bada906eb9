import Testing
import Tensor

@Suite struct MemoryBudgetTests {
    @Test func limitsParseWithBinarySuffixes() {
        #expect(MemoryBudget.parse("123") == 123)
        #expect(MemoryBudget.parse("512K") == 524_288.0)
        #expect(MemoryBudget.parse("8G") == 8_589_934_592.0)
        #expect(MemoryBudget.parse("8GiB") == 8_589_934_592.0)
        #expect(MemoryBudget.parse("1.5gb") == 1.5 * 1_073_741_824)
        #expect(MemoryBudget.parse("lots") == nil)
        #expect(MemoryBudget.parse("-1G") == nil)
        #expect(MemoryBudget.describe(16 * 1_073_741_824) == "16 GiB")
        #expect(MemoryBudget.availableBytes() > 0)
    }
}
