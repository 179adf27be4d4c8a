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
        // It holds a private key and the link key: its owner's only, whatever the umask.
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
        // Files an earlier run (or a copy) left readable by others are tightened too.
        for file in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path(file), isDirectory: &isFolder), !isFolder.boolValue else { continue }
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path(file))
        }
    }

    /// Writes `data` to `name`, readable by the owner only (mode 0600 from the moment it exists).
    func writePrivately(_ data: Data, to name: String) throws {
        let target = path(name)
        let partial = target + ".partial-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: partial, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: partial])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
        // rename(2) replaces the old file in one step: a reader never finds it missing or half written.
        guard rename(partial, target) == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
        }
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        if isTemporary { try? FileManager.default.removeItem(at: url) }
    }
}
