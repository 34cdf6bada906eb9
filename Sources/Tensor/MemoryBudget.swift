import Foundation

/// How much memory work may plan to use, checked before large allocations.
///
/// The budget is the memory the OS reports as available (`MemAvailable` in `/proc/meminfo`,
/// physical memory when unknown), lowered by the environment variable `QUANTA_MEMORY_LIMIT`
/// when set (bytes, or with a suffix: `512M`, `8G`, `8GiB`).
public enum MemoryBudget {
    /// The bytes work may use now.
    public static func availableBytes() -> Double {
        let system = systemAvailableBytes()
        guard let text = ProcessInfo.processInfo.environment["QUANTA_MEMORY_LIMIT"], let limit = parse(text) else {
            return system
        }
        return min(system, limit)
    }

    /// `MemAvailable`, or physical memory when `/proc/meminfo` cannot be read.
    static func systemAvailableBytes() -> Double {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let parts = line.split(separator: " ")
                if parts.count >= 2, let kb = Double(parts[1]) { return kb * 1024 }
            }
        }
        return Double(ProcessInfo.processInfo.physicalMemory)
    }

    /// Bytes from "123", "512K", "64M", "8G", "8GiB", "1T" (binary multiples); nil if malformed.
    public static func parse(_ text: String) -> Double? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where digits.hasSuffix(suffix) { digits.removeLast(suffix.count) }
        let units: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
        var scale = 1.0
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits.removeLast()
        }
        guard let value = Double(digits), value.isFinite, value >= 0 else { return nil }
        return value * scale
    }

    /// "1.5 GiB", "300 MiB" or "12 KiB".
    public static func describe(_ bytes: Double) -> String {
        if bytes >= 0x1p30 { return String(format: "%.3g GiB", bytes / 0x1p30) }
        if bytes >= 0x1p20 { return String(format: "%.3g MiB", bytes / 0x1p20) }
        return String(format: "%.3g KiB", bytes / 0x1p10)
    }
}
