import Testing
@testable import Datasets

@Suite struct SampleImagesTests {
    @Test func imagesDecodeAndShrinkByAreaMeans() throws {
        #expect(SampleImages.names == ["camera", "astronaut", "brick"])
        for name in SampleImages.names {
            let full = try SampleImages.image(name)
            #expect(full.shape == [64, 64])
            #expect(full.scalars.allSatisfy { (0...1).contains($0) })
            #expect(Set(full.scalars).count > 50)
            let half = try SampleImages.image(name, side: 32)
            let corner = (full.scalars[0] + full.scalars[1] + full.scalars[64] + full.scalars[65]) / 4
            #expect(abs(half.scalars[0] - corner) < 1e-6)
        }
        // The camera image's first stored bytes, 200 199 198 (base64 "yMfG").
        let camera = try SampleImages.image("camera")
        #expect(Array(camera.scalars[0..<3]) == [200, 199, 198].map { Float($0) / 255 })
    }

    @Test func unknownNamesAndSidesAreRefused() {
        #expect(throws: DatasetError.self) { try SampleImages.image("lena") }
        #expect(throws: DatasetError.self) { try SampleImages.image("camera", side: 48) }
        #expect(throws: DatasetError.self) { try SampleImages.image("camera", side: 128) }
    }
}
