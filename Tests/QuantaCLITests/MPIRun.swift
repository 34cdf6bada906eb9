import Foundation

/// Runs the built `quanta` under `mpirun --oversubscribe -np K` (with the flags root needs),
/// ending it after `timeout` seconds so that a test can never hang.
enum MPIRun {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        /// True when the watchdog had to end mpirun.
        var timedOut: Bool
    }

    static let mpirun = "/usr/bin/mpirun"

    /// mpirun and its flags for `ranks` processes on this machine.
    static func command(ranks: Int) -> [String] {
        var flags = ["--oversubscribe", "-np", "\(ranks)"]
        if getuid() == 0 { flags.insert("--allow-run-as-root", at: 0) }
        return flags
    }

    static func run(ranks: Int, _ arguments: [String], environment: [String: String] = [:],
                    timeout: Double = 120) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments = command(ranks: ranks) + [QuantaBinary.url.path] + arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        final class Flag: @unchecked Sendable { var value = false }
        let timedOut = Flag()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            guard process.isRunning else { return }
            timedOut.value = true
            process.terminate()
        }
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outBox.data = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), seconds: Date().timeIntervalSince(start),
                      timedOut: timedOut.value)
    }

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: mpirun) }
}
