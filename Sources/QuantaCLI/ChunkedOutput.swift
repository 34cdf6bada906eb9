/// Writes a large result to the console in pieces of about 1 MB, so that an output of
/// gigabytes never sits in memory whole.
struct ChunkedOutput {
    let io: Console
    private var buffer = ""
    static let chunkBytes = 1 << 20

    init(_ io: Console) {
        self.io = io
        buffer.reserveCapacity(Self.chunkBytes + 256)
    }

    /// Appends text; writes the buffer when it passes the chunk size.
    mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count >= Self.chunkBytes { flush() }
    }

    /// Appends one line.
    mutating func line(_ text: String) {
        write(text)
        write("\n")
    }

    /// Writes what is buffered.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        io.outPart(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
