import Foundation
import Quanta

/// One `quanta` subcommand.
public protocol Command {
    /// The word after `quanta`.
    var name: String { get }
    /// One line for the command list.
    var summary: String { get }
    /// The full `--help` text.
    var help: String { get }
    /// Runs with the arguments after the subcommand; returns the exit code.
    func run(_ arguments: [String], io: Console) throws -> Int32
}

/// Where a command writes: stdout for results, stderr for progress and errors.
public struct Console {
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Writes to stderr without a newline (progress bars).
    public var errInline: (String) -> Void = { FileHandle.standardError.write($0.data(using: .utf8)!) }
    /// Whether stdout is a terminal (progress bars) or a pipe/file (plain periodic lines).
    public var isTerminal: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, isTerminal: Bool) {
        self.out = out; self.err = err; self.isTerminal = isTerminal
    }

    public static let standard = Console(
        out: { print($0); fflush(stdout) },
        err: { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) },
        isTerminal: isatty(1) != 0 && isatty(2) != 0)
}

/// The `quanta` program: dispatches to subcommands and maps errors to exit codes
/// (0 success, 1 failure, 64 usage).
public enum CLI {
    public static let commands: [any Command] = [DemoCommand(), TrainCommand(), EvalCommand(), DatasetsCommand(), QuantizeCommand(), SimulateCommand(), ReproduceCommand()]

    public static var usage: String {
        let width = commands.map(\.name.count).max() ?? 0
        let list = commands.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
        return """
        quanta — compact neural networks: variational quantum circuits as layers, and low-bit quantization.

        Usage: quanta <command> [options]    (quanta <command> --help for details)

        Commands:
        \(list.joined(separator: "\n"))
        """
    }

    /// Runs the program with `arguments` (without the program name); returns the exit code.
    public static func main(_ arguments: [String], io: Console = .standard) -> Int32 {
        guard let first = arguments.first else { io.err(usage); return 64 }
        if first == "--help" || first == "-h" || first == "help" { io.out(usage); return 0 }
        guard let command = commands.first(where: { $0.name == first }) else {
            io.err("error: unknown command '\(first)'\n\n\(usage)"); return 64
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") { io.out(command.help); return 0 }
        do {
            return try command.run(rest, io: io)
        } catch let error as UsageError {
            io.err("error: \(error.description)\n\n\(command.help)")
            return 64
        } catch {
            io.err("error: \(error)")
            return 1
        }
    }
}
