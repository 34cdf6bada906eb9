/// A figure of a report: a title and a standalone SVG document.
public protocol Plot: Sendable {
    /// The figure's title (the report's caption).
    var title: String { get }
    /// The SVG document.
    var svg: String { get }
}

extension LinePlot: Plot {}
