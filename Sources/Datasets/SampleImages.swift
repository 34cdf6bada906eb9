import Foundation
import Tensor

/// Three small grey photographs kept in the library, so image-fitting examples need no
/// download: 64×64 reductions of scikit-image's sample data, free of copyright.
public enum SampleImages {
    /// One image and where it comes from.
    public struct Entry: Sendable {
        public let name: String
        public let origin: String
        let base64: String
    }

    /// camera (a photographer with a tripod), astronaut (Eileen Collins), brick (a wall texture).
    public static let all = [
        Entry(name: "camera", origin: "scikit-image data.camera(), CC0 (photographer Lav Varshney)", base64: cameraPixels),
        Entry(name: "astronaut", origin: "scikit-image data.astronaut(), NASA, public domain", base64: astronautPixels),
        Entry(name: "brick", origin: "scikit-image data.brick(), CC0 Textures Bricks25, CC0", base64: brickPixels),
    ]

    /// The names, in order.
    public static var names: [String] { all.map(\.name) }

    /// Image `name` as [side, side] grey values in [0, 1]: the stored 64×64 pixels, area-averaged
    /// when `side` divides 64 and is smaller. Throws `DatasetError` for an unknown name or side.
    public static func image(_ name: String, side: Int = 64) throws -> Tensor<Float> {
        guard let entry = all.first(where: { $0.name == name }) else {
            throw DatasetError.invalidArgument("no sample image '\(name)'; there are \(names.joined(separator: ", "))")
        }
        guard side >= 1, side <= 64, 64 % side == 0 else {
            throw DatasetError.invalidArgument("sample images come at sides dividing 64 (64, 32, 16, …), not \(side)")
        }
        guard let data = Data(base64Encoded: entry.base64, options: .ignoreUnknownCharacters), data.count == 64 * 64 else {
            preconditionFailure("SampleImages: the stored pixels of \(name) are damaged")
        }
        let full = Tensor<Float>(shape: [64, 64], scalars: data.map { Float($0) / 255 })
        return side == 64 ? full : ImageTransforms.resize(full, height: side, width: side, method: .area)
    }
}
