import Foundation

/// The sample files under `Tests/Fixtures` (copied from the shared test data: Google, Twilio,
/// Calendly and Fernet samples), found from this file rather than the working directory.
public enum Fixtures {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// `path` is relative to `Tests/Fixtures`, e.g. `google/colors.json`.
    public static func url(_ path: String) -> URL {
        directory.appendingPathComponent(path)
    }

    public static func data(_ path: String) throws -> Data {
        try Data(contentsOf: url(path))
    }

    /// The file as text, without surrounding whitespace.
    public static func text(_ path: String) throws -> String {
        String(decoding: try data(path), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The test-only service-account key (a key made for these tests, never a real one).
    public static var serviceAccountKeyPath: String {
        url("google/service-account.test.json").path
    }
}
