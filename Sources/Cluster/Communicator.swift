import CMPI
import Foundation
import NeuralNetworks

/// The ranks of an `mpirun` launch (MPI_COMM_WORLD), as a `Collective` with point-to-point
/// exchange beside it.
///
/// Every wait polls its request with a deadline (`timeout`) and asks `interrupted` (a signal
/// from mpirun) while it waits: when another rank has died, hangs or was stopped, this rank
/// prints what it was waiting for and ends the whole run (MPI_Abort) instead of hanging.
public final class Communicator: Collective, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    /// Longest wait for the other ranks in one operation, seconds.
    public var timeout: Double
    /// Asked while waiting; true ends the run (mpirun's SIGTERM after another rank failed).
    public var interrupted: (() -> Bool)?
    /// Seconds spent in collectives and exchanges (waiting included).
    public private(set) var seconds = 0.0
    /// Bytes this rank sent in exchanges.
    public private(set) var bytesSent = 0

    /// The environment variable Open MPI sets in every process it launches.
    static let sizeVariable = "OMPI_COMM_WORLD_SIZE"

    nonisolated(unsafe) static var started: Communicator?

    init(timeout: Double) {
        rank = Int(quanta_mpi_rank())
        size = Int(quanta_mpi_size())
        self.timeout = timeout
    }

    /// Whether this process was launched by mpirun.
    public static var launchedByMPI: Bool { ProcessInfo.processInfo.environment[sizeVariable] != nil }

    /// This process's rank as mpirun's environment gives it (before MPI starts); 0 without mpirun.
    public static var launchRank: Int {
        Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] ?? "") ?? 0
    }

    /// The world of this launch, MPI started on first use; nil when not launched by mpirun.
    public static func world(timeout: Double = 600) -> Communicator? {
        if let started { return started }
        guard launchedByMPI else { return nil }
        if quanta_mpi_initialized() == 0 { _ = quanta_mpi_init() }
        let world = Communicator(timeout: timeout)
        started = world
        return world
    }

    /// Ends MPI at exit: MPI_Finalize after success. After a failure with other ranks still
    /// running, the process exits at once without finalizing: mpirun then ends the other ranks
    /// (they may be waiting for this one) and names the failed rank. (MPI_Abort from several
    /// failing ranks at once garbles mpirun's messages.)
    public static func finish(exitCode: Int32) {
        guard let world = started, quanta_mpi_finalized() == 0 else { return }
        if exitCode != 0 && world.size > 1 { exit(exitCode) }
        _ = quanta_mpi_finalize()
    }

    public func sum(_ values: inout [Double]) { allreduce(&values, operation: 0, what: "a sum") }

    public func maximum(_ values: inout [Double]) { allreduce(&values, operation: 1, what: "a maximum") }

    public func broadcast(_ values: inout [Double], from root: Int) {
        guard size > 1, !values.isEmpty else { return }
        values.withUnsafeMutableBytes { bytes in
            inPieces(bytes.count, what: "a broadcast from rank \(root)") { piece, _, request in
                _ = quanta_mpi_ibcast(bytes.baseAddress! + piece.lowerBound, Int32(piece.count), Int32(root), &request)
            }
        }
    }

    /// Sends `outgoing` to rank `peer` and receives as many bytes from it into `incoming`
    /// (both ranks call this with each other as the peer).
    public func exchange(_ outgoing: UnsafeRawBufferPointer, _ incoming: UnsafeMutableRawBufferPointer, with peer: Int) {
        precondition(outgoing.count == incoming.count, "exchange: the two buffers differ in size")
        let start = Date()
        for (index, piece) in Self.pieces(outgoing.count).enumerated() {
            var send: MPI_Request?
            var receive: MPI_Request?
            let tag = Int32(index % 32_000)
            _ = quanta_mpi_irecv(incoming.baseAddress! + piece.lowerBound, Int32(piece.count), Int32(peer), tag, &receive)
            _ = quanta_mpi_isend(outgoing.baseAddress! + piece.lowerBound, Int32(piece.count), Int32(peer), tag, &send)
            wait(&receive, what: "data from rank \(peer)")
            wait(&send, what: "rank \(peer) to take data")
        }
        bytesSent += outgoing.count
        seconds += Date().timeIntervalSince(start)
    }

    /// Sends `outgoing` to rank `peer` (which calls `receive` with as many bytes).
    public func send(_ outgoing: UnsafeRawBufferPointer, to peer: Int) {
        inPieces(outgoing.count, what: "rank \(peer) to take data") { piece, tag, request in
            _ = quanta_mpi_isend(outgoing.baseAddress! + piece.lowerBound, Int32(piece.count), Int32(peer), tag, &request)
        }
        bytesSent += outgoing.count
    }

    /// Receives `incoming.count` bytes from rank `peer` (which calls `send`).
    public func receive(_ incoming: UnsafeMutableRawBufferPointer, from peer: Int) {
        inPieces(incoming.count, what: "data from rank \(peer)") { piece, tag, request in
            _ = quanta_mpi_irecv(incoming.baseAddress! + piece.lowerBound, Int32(piece.count), Int32(peer), tag, &request)
        }
    }

    /// One request per piece of `count` bytes, started by `start(piece, tag, &request)` and
    /// waited for before the next; the time goes to `seconds`.
    func inPieces(_ count: Int, what: String, _ start: (Range<Int>, Int32, inout MPI_Request?) -> Void) {
        let begin = Date()
        for (index, piece) in Self.pieces(count).enumerated() {
            var request: MPI_Request?
            start(piece, Int32(index % 32_000), &request)
            wait(&request, what: what)
        }
        seconds += Date().timeIntervalSince(begin)
    }

    /// In-place allreduce (operation 0: sum, 1: maximum) in pieces MPI's Int32 counts can hold.
    func allreduce(_ values: inout [Double], operation: Int32, what: String) {
        guard size > 1, !values.isEmpty else { return }
        let start = Date()
        values.withUnsafeMutableBufferPointer { buffer in
            for piece in Self.pieces(buffer.count * 8) {
                var request: MPI_Request?
                let first = buffer.baseAddress! + piece.lowerBound / 8
                _ = quanta_mpi_iallreduce(first, Int32(piece.count / 8), operation, &request)
                wait(&request, what: what)
            }
        }
        seconds += Date().timeIntervalSince(start)
    }

    /// Byte ranges of at most 1 GiB (a multiple of 16 bytes) covering `count` bytes.
    static func pieces(_ count: Int) -> [Range<Int>] {
        let limit = 1 << 30
        return stride(from: 0, to: count, by: limit).map { $0..<Swift.min($0 + limit, count) }
    }

    /// Polls `request` until it completes: spinning first, then yielding, then sleeping. Past
    /// the deadline, or `interruptGrace` seconds after `interrupted` turned true (mpirun's
    /// SIGTERM to the ranks that survive a failed one; a user's signal lets the collective
    /// complete and the run stop at the next step), ends the run with a message naming `what`.
    func wait(_ request: inout MPI_Request?, what: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var interruptedAt: Date?
        var polls = 0
        while quanta_mpi_test(&request) == 0 {
            polls += 1
            if polls < 100 { continue }
            if polls < 2_000 { sched_yield() } else { usleep(200) }
            guard polls % 100 == 0 else { continue }
            if interruptedAt == nil && interrupted?() == true { interruptedAt = Date() }
            if let interruptedAt, Date().timeIntervalSince(interruptedAt) > Self.interruptGrace {
                stop("stopped while waiting for \(what): the run was ended (another rank failed or was interrupted)")
            }
            if Date() > deadline {
                stop(String(format: "no answer from the other ranks for %.0f s while waiting for %@: a rank has died "
                    + "or hangs; stopping the run (raise --rank-timeout for longer steps)", timeout, what))
            }
        }
    }

    /// Seconds an interrupted rank still waits for a collective to complete.
    static let interruptGrace = 5.0

    /// Prints `message` for this rank and ends every rank of the run.
    func stop(_ message: String) -> Never {
        FileHandle.standardError.write(Data("rank \(rank): error: \(message)\n".utf8))
        quanta_mpi_abort(1)
        exit(1)
    }
}
