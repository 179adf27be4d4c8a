import Foundation

/// Where the sandbox keeps its key file and database: `--data`, or a temporary folder that is
/// removed when the sandbox stops.
final class SandboxFolder: Sendable {
    let url: URL
    private let isTemporary: Bool
    /// Whether what is written here outlives the sandbox (`--data`).
    var isKept: Bool { !isTemporary }

    init(_ directory: String?) throws {
        isTemporary = directory == nil
        url = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("gcal-whatsapp-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        if isTemporary { try? FileManager.default.removeItem(at: url) }
    }
}
