import Foundation
import Quanta

/// Appends one JSON line per epoch to a metrics file.
final class MetricsWriter {
    let handle: FileHandle

    /// `url` was checked by `OutputFiles.checkJSONLines` before the run (`TrainCommand.checkOutputs`).
    init(_ url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CommandError("\(url.path): cannot create the metrics file")
            }
        }
        guard let handle = try? FileHandle(forWritingTo: url) else {
            throw CommandError("\(url.path): cannot open the metrics file for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func write(_ record: EpochRecord) throws {
        handle.write(Data((try JSONLine.encode(record) + "\n").utf8))
    }
}
