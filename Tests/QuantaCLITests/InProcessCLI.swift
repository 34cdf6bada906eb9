import Foundation
@testable import QuantaCLI

/// Runs `quanta` inside the test process with a console that keeps what it prints: fast
/// enough for hundreds of generated inputs per test.
enum InProcessCLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    final class Capture: @unchecked Sendable {
        var out = ""
        var err = ""
    }

    static func run(_ arguments: [String]) -> Result {
        let capture = Capture()
        var console = Console(out: { capture.out += $0 + "\n" }, err: { capture.err += $0 + "\n" }, isTerminal: false)
        console.outPart = { capture.out += $0 }
        console.errInline = { capture.err += $0 }
        let status = CLI.main(arguments, io: console)
        return Result(status: status, stdout: capture.out, stderr: capture.err)
    }
}
