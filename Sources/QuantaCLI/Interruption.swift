import Foundation

/// Ctrl-C (SIGINT) and SIGTERM during training: the first asks the run to stop at the next
/// batch and write its checkpoint (exit 130); a second one ends the process at once.
enum Interruption {
    /// Set by the signal handler; read between batches.
    nonisolated(unsafe) static var flag: sig_atomic_t = 0

    static var requested: Bool { flag != 0 }

    /// Installs the handlers (once per process).
    static func install() {
        // A parent may start us with these signals blocked (threads of test runners do).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal) { number in
                Interruption.flag = 1
                // the next signal of this kind ends the process
                Foundation.signal(number, SIG_DFL)
            }
        }
    }
}
