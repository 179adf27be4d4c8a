import Foundation
import FuzzTargets
import Testing

/// The committed fuzz corpus (Fuzz/Corpus), replayed through each target on every test run, so an
/// input that once crashed a parser, or broke one of its rules, cannot come back unnoticed.
@Suite struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    @Test(arguments: FuzzTarget.allCases)
    func replaysTheCorpus(_ target: FuzzTarget) throws {
        let folder = Self.corpus.appendingPathComponent(target.rawValue)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty, "Fuzz/Corpus/\(target.rawValue) has no seeds")
        for file in files {
            target.run(try Data(contentsOf: file))
        }
    }
}
