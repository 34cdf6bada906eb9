import Foundation
import Quanta

// QuantaBench: runs the selected workloads at each thread count, one JSON line per case.
// Exit codes: 0 ok, 1 a workload failed, 2 a requested workload is not implemented yet, 64 usage.

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(("QuantaBench: " + message + "\n").data(using: .utf8)!)
    exit(code)
}

let options: Options
do {
    options = try Options(parsing: Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error)\n\(Options.usage)", code: 64)
}
if options.help {
    print(Options.usage)
    exit(0)
}
if options.list {
    for w in Registry.workloads { print("\(w.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(w.reference)  \(w.summary)") }
    for (name, why) in Registry.pending.sorted(by: { $0.key < $1.key }) {
        print("\(name.padding(toLength: 8, withPad: " ", startingAt: 0)) (not implemented yet) \(why)")
    }
    exit(0)
}

var selected: [Workload] = []
for name in options.workloads {
    if let w = Registry.workload(named: name) {
        selected.append(w)
    } else if let why = Registry.pending[name] {
        fail("workload '\(name)' is not implemented yet — \(why)", code: 2)
    } else {
        fail("unknown workload '\(name)'; known: \(Registry.workloads.map(\.name).joined(separator: ", "))", code: 64)
    }
}
if selected.isEmpty { selected = Registry.workloads }

let output: Output
do {
    output = try Output(appendingTo: options.outPath)
} catch {
    fail("\(error)", code: 1)
}

var failed = false
for threads in options.threads {
    Threading.setThreads(threads)
    for workload in selected {
        let bench = Bench(threads: threads, workload: workload, options: options, sink: output)
        do {
            try workload.run(bench)
        } catch {
            output.log("QuantaBench: \(workload.name) at \(threads) threads failed: \(error)")
            failed = true
        }
    }
}
exit(failed ? 1 : 0)
