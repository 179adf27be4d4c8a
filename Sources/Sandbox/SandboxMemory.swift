import Emulators
import Fernet
import Foundation

/// What a sandbox started with `--data` keeps between runs, beside its database: the link key,
/// the emulated calendar, the chats and the page's settings, so that a restarted sandbox resumes
/// as it was, its old links still working.
struct SandboxMemory: Codable {
    var zone: String
    var events: [EmulatedEvent]
    var messages: [EmulatedMessage]
    var exchanges: [SandboxDesk.Exchange]
    /// Per number, the delivery rule picked on the page (`delivered`, `read`, `undelivered`, `invalid`).
    var deliveryRules: [String: String]

    static let fileName = "sandbox-state.json"
    static let keyFileName = "fernet.key"

    static func load(from folder: SandboxFolder) -> SandboxMemory? {
        guard folder.isKept, let data = FileManager.default.contents(atPath: folder.path(fileName)) else { return nil }
        return try? JSONDecoder().decode(SandboxMemory.self, from: data)
    }

    /// Written whole to a new file, then moved over the old one, so a crash never leaves half a file.
    func save(to folder: SandboxFolder) throws {
        guard folder.isKept else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try folder.writePrivately(encoder.encode(self), to: Self.fileName)
    }

    /// The link key: the one kept in the folder, else a new one (kept when the folder is).
    static func fernetKey(in folder: SandboxFolder) throws -> String {
        let path = folder.path(keyFileName)
        if let kept = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
           (try? FernetKey(base64URL: kept)) != nil {
            return kept
        }
        let key = FernetKey.generate().base64URL
        if folder.isKept {
            try folder.writePrivately(Data((key + "\n").utf8), to: keyFileName)
        }
        return key
    }
}
