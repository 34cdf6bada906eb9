import Foundation
import Quanta

/// `--distributed`: the command runs on every rank of an `mpirun` launch (one rank without
/// mpirun). Rank 0 alone prints and writes files; the other ranks print only their errors.
enum DistributedRun {
    static let options = [
        Option.flag("distributed", "under mpirun -np K: share the work over the K ranks (one rank without mpirun)"),
        Option("rank-timeout", "S", "with --distributed: seconds a rank waits for the others before it ends the run "
            + "(a rank died or hangs)", .double(1...86_400), default: "600"),
    ]

    /// The ranks of this run when `--distributed` is given (MPI started), else nil. Without
    /// mpirun the run has one rank.
    static func collective(_ args: Arguments) throws -> (any Collective)? {
        guard args.flag("distributed") else {
            if args.given("rank-timeout") { throw UsageError("--rank-timeout needs --distributed") }
            return nil
        }
        guard let world = Communicator.world(timeout: try args.double("rank-timeout")) else { return SingleProcess() }
        world.interrupted = { Interruption.requested }
        Interruption.install()
        return world
    }

    /// Whether this process is a rank other than 0 of a distributed command (its output is dropped).
    static func isQuietRank(_ arguments: [String]) -> Bool {
        Communicator.launchedByMPI && Communicator.launchRank != 0 && arguments.contains("--distributed")
    }

    /// The console of a rank other than 0: results and progress dropped, errors kept with the rank.
    static func quiet(rank: Int) -> Console {
        var console = Console(out: { _ in }, err: { line in
            guard line.hasPrefix("error") || line.contains(": error:") else { return }
            FileHandle.standardError.write(Data("rank \(rank): \(line)\n".utf8))
        }, isTerminal: false)
        console.outPart = { _ in }
        console.errInline = { _ in }
        return console
    }

    /// A line describing the ranks ("4 ranks (mpirun)" or "1 rank (not started by mpirun)").
    static func describe(_ collective: any Collective) -> String {
        collective is Communicator
            ? "\(collective.size) rank\(collective.size == 1 ? "" : "s") (mpirun)"
            : "1 rank (not started by mpirun)"
    }

    /// "data-parallel over 2 ranks (mpirun): batches of 32, 16 per rank".
    static func describeTraining(_ collective: any Collective, batchSize: Int) -> String {
        let share = (batchSize + collective.size - 1) / collective.size
        return "data-parallel over \(describe(collective)): batches of \(batchSize), up to \(share) per rank"
    }

    /// Time spent in collectives on rank 0.
    static func communicationLine(_ world: Communicator, seconds: Double) -> String {
        String(format: "communication on rank 0: %.2f s of %.2f s (allreduce of the gradients, waiting included); "
            + "parameters identical on all %d ranks after every epoch", world.seconds, seconds, world.size)
    }

    /// Whether this process may write files: not a rank other than 0 of a distributed run.
    static func writesFiles(_ args: Arguments) -> Bool {
        !(args.flag("distributed") && Communicator.launchedByMPI && Communicator.launchRank != 0)
    }
}
