import Foundation
import Tensor

extension UserData {
    /// The user's series to forecast: every numeric column of `csv:FILE` (a header row), or
    /// `npy:FILE` holding [T] or [T, C]. A data set of task forecasting, train [T, C].
    public static func loadSeries(_ name: String) throws -> Dataset {
        let path = String(name.drop { $0 != ":" }.dropFirst())
        guard !path.isEmpty, !path.contains(",") else {
            throw DatasetError.invalidArgument("a series is read from csv:FILE.csv or npy:FILE.npy (one file), got '\(name)'")
        }
        var values = try inputs(URL(fileURLWithPath: path), labelColumn: nil)
        if name.hasPrefix("npy:") && values.shape[0] == 1 { values = values.reshaped([values.count, 1]) }
        guard values.rank == 2 else { throw DatasetError.invalidArgument("\(path) holds an array \(values.shape); a series is [T] or [T, C]") }
        let info = DatasetInfo(name: name, title: "your series", task: .forecasting, classes: nil, sampleShape: [values.shape[1]],
                               trainCount: values.shape[0], testCount: nil, source: path, license: "—", location: path)
        return Dataset(info: info, train: DataSplit(features: values), test: nil)
    }
}
