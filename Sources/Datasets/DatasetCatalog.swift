import Foundation
import Tensor

/// The registry's entries. Digests are those of the files in the shared data folder and,
/// for gzip files, of their content (the stable one across re-compressions).
extension DatasetRegistry {
    static let sklearnData = "https://raw.githubusercontent.com/scikit-learn/scikit-learn/main/sklearn/datasets/data/"
    static let sktimeData = "https://raw.githubusercontent.com/sktime/sktime/main/sktime/datasets/data/"
    static let sklearnDebian = DebianLocation(package: "python3-sklearn", directory: "/usr/lib/python3/dist-packages/sklearn/datasets/data")
    static let sklearnLicense = "UCI Machine Learning Repository, CC BY 4.0 (files from scikit-learn, BSD-3-Clause)"
    static let ucrLicense = "UCR archive: free for research, cite Dau et al. 2019 (files from sktime, BSD-3-Clause)"

    static let catalog: [DatasetDescriptor] = [
        idxPair(name: "mnist", title: "MNIST handwritten digits, 28×28 greyscale, 60,000 train / 10,000 test",
                base: "http://yann.lecun.com/exdb/mnist/", debian: [],
                source: "LeCun, Cortes & Burges, http://yann.lecun.com/exdb/mnist/",
                license: "CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)",
                classes: (0...9).map(String.init),
                digests: [["12bacf187eba4f770a04d97be5dbaad9289fe5d89a89729b6af3255c8bbfa9e1", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"],
                          ["7f4ede8117c9f121a708539f3c1b71dc8cb827447542df31cdf7b815d0762e1f", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"],
                          ["c99a2fc9c8f7934dac9481251fc235227437fdcccfb8de53efcb767a8c3b057e", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"],
                          ["e2650e6732b191c90c7705906a2d65c6c0a20efb31f5c53d1b2b0bda74d911e9", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"]]),
        idxPair(name: "fashion-mnist", title: "Fashion-MNIST article images, 28×28 greyscale, 60,000 train / 10,000 test",
                base: "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
                debian: [DebianLocation(package: "dataset-fashion-mnist", directory: "/usr/share/datasets/fashion-mnist")],
                source: "Xiao, Rasul & Vollgraf 2017, https://github.com/zalandoresearch/fashion-mnist",
                license: "MIT (Zalando SE)",
                classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
                digests: [["b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"],
                          ["0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"],
                          ["cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"],
                          ["8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"]]),
        DatasetDescriptor(
            name: "digits", title: "Optical digits, 8×8 images with values 0…16 scaled to [0, 1], 1,797 samples, no fixed split",
            task: .classification, source: "Alpaydin & Kaynak 1998, UCI (as bundled in scikit-learn)", license: sklearnLicense,
            files: [DatasetFile(names: ["digits.csv.gz", "digits.csv"], url: sklearnData + "digits.csv.gz",
                                sha256: ["09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22", "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8"])],
            debian: [sklearnDebian], embedded: true, reader: { try readDigits($0, $1) }),
        DatasetDescriptor(
            name: "text-eval", title: "Pang & Lee sentence polarity, 200 movie-review sentences (100 negative, 100 positive), "
                + "as TF-IDF rows over their 1,500-odd terms (LabeledSentences.polarity gives the text)",
            task: .classification, source: "Pang & Lee 2005, the subset in gensim's test data",
            license: "research data, rights unclear (gensim is LGPL-2.1): evaluation only, not shipped",
            files: [DatasetFile(names: ["pang_lee_polarity.cor"],
                                url: "https://raw.githubusercontent.com/piskvorky/gensim/develop/gensim/test/test_data/pang_lee_polarity.cor",
                                sha256: ["662c1b7c3bd0612eaaaf3f0c694cbd3897e30c0d87d2940b46c9fd0d15ed70c1"])],
            debian: [], embedded: false, reader: { paths, _ in
                let sentences = try LabeledSentences.readFastText(paths[0])
                let features = try TFIDF.fit(sentences.texts).transform(sentences.texts)
                return (DataSplit(features: features, labels: sentences.labels), nil, sentences.classes)
            }),
        DatasetDescriptor(
            name: "peptides", title: "Labelled peptides (modlAMP): antimicrobial vs transmembrane (412), vs UniProt (5,200), "
                + "anticancer vs transmembrane (826), vs scrambled (826); AMP vs TM as amino-acid composition rows "
                + "(ProteinSequences.readPeptides gives each file's sequences)",
            task: .classification, source: "modlAMP 4.3.3 (Müller et al. 2017, ETH Zurich), data from APD, CAMP, CancerPPD, UniProt, PDBTM",
            license: "BSD-3-Clause (ETH Zurich)",
            files: [("AMPvsTMset.csv", "e3cd0201c12fa66a550cf74553c083990dc02984907d00b50a8e3d9b94f792d0"),
                    ("AMPvsUniProt.csv", "e1db3dd659179118dcfca63723385f2f0c95c49d27060a90f7a9d5848250eb48"),
                    ("ACP_CancPPD_vs_TM.csv", "941a728be797b51fdbf5ad6e2f8ef58e6af748797c9c3c5747449a90ef187bf8"),
                    ("ACP_CancPPD_vs_Random.csv", "5c8d7970226d16eaae7e1c11f4225a81baf48381c9173580427d382ea3fa6cf9")].map {
                DatasetFile(names: [$0.0], url: "https://raw.githubusercontent.com/alexarnimueller/modlAMP/master/modlamp/data/" + $0.0,
                            sha256: [$0.1])
            },
            debian: [], embedded: false, reader: { paths, _ in
                let set = try ProteinSequences.readPeptides(paths[0])
                return (DataSplit(features: try set.composition(), labels: set.labels), nil, set.classes)
            }),
        DatasetDescriptor(
            name: "scl2205", title: "SCL2205: 19,074 UniProt protein sequences, 13 subcellular locations, homology-reduced "
                + "train / validation / test split, as amino-acid composition rows (ProteinSequences.readSCL gives the sequences)",
            task: .classification, source: "p-scldata 2026.2.0 (Ouso), UniProtKB release 2022_05",
            license: "MIT (package); UniProtKB CC BY 4.0",
            files: [DatasetFile(names: ["scl2205.csv.gz", "scl2205.csv"],
                                url: "https://raw.githubusercontent.com/ousodaniel/scldata/main/scldata/data/scl2205.csv",
                                sha256: ["c989c587161e0eafddacc817983a1c488fbfdf5fda3c68bb44f411914f23b595",
                                         "cfcfc47eea6001b896f1aee49ce43a9b387c3d78463586c0b2b58b52bdee9fcf"]),
                    DatasetFile(names: ["splits.json.gz", "splits.json"],
                                url: "https://raw.githubusercontent.com/ousodaniel/scldata/main/scldata/data/splits.json",
                                sha256: ["7549fd613c90ee3a5b03a43dc7e9e919513e3bcd9278b2ecfcc64e668a08c32f",
                                         "23cdf9f30e112d4fa9612dde28ae2af9998a81ea65f201c1b6b22371b38f25d8"]),
                    DatasetFile(names: ["labels.json"], url: "https://raw.githubusercontent.com/ousodaniel/scldata/main/scldata/data/labels.json",
                                sha256: ["8e39d4eeb53876f302b9d453f4a8f02f61d91cb1c59dd1bd4146bbee69d4f5c0"])],
            debian: [], embedded: false, reader: { paths, _ in
                let (train, validation, test) = try ProteinSequences.readSCL(paths[0].deletingLastPathComponent())
                let merged = ProteinSequences(sequences: train.sequences + validation.sequences, labels: train.labels + validation.labels,
                                              classes: train.classes)
                return (DataSplit(features: try merged.composition(), labels: merged.labels),
                        DataSplit(features: try test.composition(), labels: test.labels), train.classes)
            }),
        sklearnTable(name: "iris", title: "Iris flowers, 4 measurements (cm), 3 species, 150 samples", file: "iris.csv",
                     digest: "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449", source: "Fisher 1936, UCI"),
        sklearnTable(name: "wine", title: "Wine chemical analysis, 13 features, 3 cultivars, 178 samples", file: "wine_data.csv",
                     digest: "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede", source: "Forina et al., UCI"),
        sklearnTable(name: "breast-cancer", title: "Breast cancer Wisconsin (diagnostic), 30 features, malignant/benign, 569 samples",
                     file: "breast_cancer.csv", digest: "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed",
                     source: "Wolberg, Street & Mangasarian 1995, UCI"),
        DatasetDescriptor(
            name: "sunspots", title: "Monthly mean sunspot numbers, Jan 1749 – Jun 2009, 3,126 values (one series [T, 1])",
            task: .forecasting, source: "NOAA NGDC (as bundled in statsmodels)", license: "public domain",
            files: [DatasetFile(names: ["sunspots_monthly.dat"],
                                url: "https://raw.githubusercontent.com/statsmodels/statsmodels/main/statsmodels/datasets/sunspots/src/sunspots_monthly.dat",
                                sha256: ["cc303d26340b6d599bc2878899f8c50c12323dc04b52a26ad047965ea2b9d2a3"])],
            debian: [], embedded: true, reader: { try readMonthly($0, $1) }),
        statsmodelsSeries(name: "co2", title: "Mauna Loa weekly atmospheric CO₂ (ppmv), 1958-03-29 – 2001-12-29, 2,284 values, the 59 missing "
            + "weeks filled by linear interpolation (one series [T, 1])", file: "co2.csv",
            digest: "16695fa2786e53414e5a6b54767a3fdf5de99cfbc68617f69d1362d92776a92f", source: "Keeling & Whorf, SIO / CDIAC",
            reader: { paths, _ in try readSeriesColumn(paths, column: 1, fillMissing: true) }),
        statsmodelsSeries(name: "nile", title: "Annual Nile flow at Aswan (10⁸ m³), 1871–1970, 100 values (one series [T, 1])", file: "nile.csv",
            digest: "88e97bea7249e5832a85e41aec6ce4b8f7b1b14aae930c8363da7f193286b598", source: "Cobb 1978",
            reader: { paths, _ in try readSeriesColumn(paths, column: 1) }),
        statsmodelsSeries(name: "elnino", title: "Monthly sea-surface temperature (°C), Niño 1+2 region, 1950–2010, 732 values (one series [T, 1])",
            file: "elnino.csv", digest: "b647be00e0fd264be9764e317e6b963f35030014ecca2b21b204521716e463ad", source: "NOAA ERSST.V3B",
            reader: { try readMonthlyCSV($0, $1) }),
        DatasetDescriptor(
            name: "airline", title: "International airline passengers (thousands), monthly, Jan 1949 – Dec 1960, 144 values (one series [T, 1])",
            task: .forecasting, source: "Box & Jenkins 1976 (as bundled in sktime)", license: "sktime BSD-3-Clause; a classic public series",
            files: [DatasetFile(names: ["Airline.csv"],
                                url: sktimeData + "Airline/Airline.csv",
                                sha256: ["28af0eb869db6d9fbd31d5af03993a0cbf36c0857c3eb046a068c094b60da851"])],
            debian: [], embedded: false, reader: { paths, _ in try readSeriesColumn(paths, column: 1) }),
        ucr(name: "italy-power-demand", problem: "ItalyPowerDemand", title: "Italian daily power demand, 24 hourly values, Oct–Mar vs Apr–Sep, 67 train / 1,029 test",
            digests: ["341269cb7e6cef96846b30e774580beec79addb93848ba360145219115a74b7c", "26122451f87dd0387ef90b18bc8a86c041371b8a1c068004922b939971247144"],
            embedded: true),
        ucr(name: "gunpoint", problem: "GunPoint", title: "GunPoint hand x-coordinate, 150 steps, gun-draw vs point, 50 train / 150 test",
            digests: ["f842401779fd9800d247d8b33121a1a4643710a19b24917dbdd9a060ca8630d5", "79332750788a6227b325b96bd0d70130c8eb707b9731f8d7dec62b7a7d36017e"],
            embedded: false),
    ]

    static func idxPair(name: String, title: String, base: String, debian: [DebianLocation], source: String, license: String,
                        classes: [String], digests: [[String]]) -> DatasetDescriptor {
        let stems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
        let files = zip(stems, digests).map { stem, sha in
            DatasetFile(names: [stem + ".gz", stem, stem.replacingOccurrences(of: "-idx", with: ".idx")], url: base + stem + ".gz", sha256: sha)
        }
        return DatasetDescriptor(name: name, title: title, task: .classification, source: source, license: license, files: files,
                                 debian: debian, embedded: false) { paths, _ in
            let train = try readIDXImages(images: paths[0], labels: paths[1], classes: classes.count)
            let test = try readIDXImages(images: paths[2], labels: paths[3], classes: classes.count)
            guard train.sampleShape == test.sampleShape else {
                throw DatasetError.absurdSize(file: paths[2].path, problem: "test images are \(test.sampleShape), training images \(train.sampleShape)")
            }
            return (train, test, classes)
        }
    }

    static func sklearnTable(name: String, title: String, file: String, digest: String, source: String) -> DatasetDescriptor {
        DatasetDescriptor(name: name, title: title, task: .classification, source: source + " (as bundled in scikit-learn)", license: sklearnLicense,
                          files: [DatasetFile(names: [file, file + ".gz"], url: sklearnData + file, sha256: [digest])],
                          debian: [sklearnDebian], embedded: true, reader: { try readSklearnTable($0, $1) })
    }

    /// A real series from statsmodels' bundled data (public domain), read by `reader`.
    static func statsmodelsSeries(name: String, title: String, file: String, digest: String, source: String,
                                  reader: @escaping @Sendable ([URL], DatasetDescriptor) throws -> (train: DataSplit, test: DataSplit?, classes: [String]?))
        -> DatasetDescriptor {
        DatasetDescriptor(name: name, title: title, task: .forecasting, source: "\(source) (as bundled in statsmodels)", license: "public domain",
                          files: [DatasetFile(names: [file],
                                              url: "https://raw.githubusercontent.com/statsmodels/statsmodels/main/statsmodels/datasets/\(name)/\(file)",
                                              sha256: [digest])],
                          debian: [], embedded: false, reader: reader)
    }

    static func ucr(name: String, problem: String, title: String, digests: [String], embedded: Bool) -> DatasetDescriptor {
        let files = zip(["_TRAIN.ts", "_TEST.ts"], digests).map { suffix, sha in
            DatasetFile(names: [problem + suffix, problem + suffix + ".gz"], url: sktimeData + problem + "/" + problem + suffix, sha256: [sha])
        }
        return DatasetDescriptor(name: name, title: title, task: .classification,
                                 source: "UCR Time Series Classification Archive, \(problem) (as bundled in sktime)",
                                 license: ucrLicense, files: files, debian: [], embedded: embedded, reader: { try readUCR($0, $1) })
    }
}
