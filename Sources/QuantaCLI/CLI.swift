import Foundation
import Quanta
import Reproductions

/// The `quanta` program: dispatches to subcommands and maps errors to exit codes
/// (0 success, 1 failure, 64 usage).
public enum CLI {
    /// The program's version (`quanta --version`).
    public static let version = "0.6.0"

    public static let commands: [any Command] = [
        DemoCommand(), TrainCommand(), EvalCommand(), PredictCommand(), DatasetsCommand(), QuantizeCommand(), SimulateCommand(),
        ReproduceCommand(), AttackCommand(), VQECommand(), TokenizeCommand(), EmbedCommand(), GenerateCommand(), PerplexityCommand(), ModelsCommand(),
    ]

    public static var usage: String {
        let width = commands.map(\.name.count).max() ?? 0
        let list = commands.map { "  \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
        return """
        quanta \(version) — compact neural networks: variational quantum circuits as layers, and low-bit quantization.

        Usage: quanta <command> [options]
               quanta help <command>
               quanta --version

        Commands:
        \(list.joined(separator: "\n"))
        """
    }

    /// Runs the program with `arguments` (without the program name); returns the exit code.
    public static func main(_ arguments: [String], io: Console = .standard) -> Int32 {
        let io = DistributedRun.isQuietRank(arguments) ? DistributedRun.quiet(rank: Communicator.launchRank) : io
        guard let first = arguments.first else {
            io.err(usage)
            return 64
        }
        switch first {
        case "--help", "-h":
            io.out(usage)
            return 0
        case "--version":
            io.out("quanta \(version)")
            return 0
        case "help":
            return help(Array(arguments.dropFirst()), io: io)
        default:
            guard let command = command(named: first, io: io) else { return 64 }
            return run(command, Array(arguments.dropFirst()), io: io)
        }
    }

    /// Ends MPI when a `--distributed` run started it (after a failure, exits at once so that
    /// mpirun stops the ranks waiting for this one). Call before `exit(code)`.
    public static func finish(_ code: Int32) {
        Communicator.finish(exitCode: code)
    }

    /// `quanta help [CMD]`.
    static func help(_ rest: [String], io: Console) -> Int32 {
        guard let name = rest.first else {
            io.out(usage)
            return 0
        }
        guard let command = command(named: name, io: io) else { return 64 }
        io.out(command.help)
        return 0
    }

    /// The command called `name`, or nil after a message with a suggestion.
    static func command(named name: String, io: Console) -> (any Command)? {
        if let command = commands.first(where: { $0.name == name }) { return command }
        let suggestion = Suggestion.text(for: name, among: commands.map(\.name))
        io.err("error: unknown command '\(name)'\(suggestion)\nSee 'quanta --help'.")
        return nil
    }

    /// Parses the options, then runs; usage errors print the short form (exit 64), other errors exit 1.
    static func run(_ command: any Command, _ arguments: [String], io: Console) -> Int32 {
        do {
            let args = try Arguments(arguments, options: command.options)
            if args.flag("help") {
                io.out(command.help)
                return 0
            }
            if let dataDir = args.url("data-dir") { try DatasetRegistry.checkDataRoot(dataDir) }
            return try command.run(args, io: io)
        } catch let stop as TrainingInterrupted {
            io.err(stop.description)
            return 130
        } catch let error as UsageError {
            io.err(command.usageError(error.description))
            return 64
        } catch let error as ModelZooError {
            io.err(command.usageError(error.description))
            return 64
        } catch let error as ReproductionError {
            guard case .invalidSetting = error else {
                io.err("error: \(error)")
                return 1
            }
            io.err(command.usageError(error.description))
            return 64
        } catch {
            io.err("error: \(error)")
            return 1
        }
    }
}
