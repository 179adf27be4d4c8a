import Foundation
import GRDB

/// What `gcal-whatsapp backup` copied.
public struct BackupReport: Sendable {
    public var bytes: Int
    public var messages: Int
    public var events: Int
}

public enum BackupError: Error, CustomStringConvertible {
    case noDatabase(path: String)
    case destinationExists(path: String)
    case damagedCopy(String)
    case noFolder(path: String)
    case notAFolder(path: String)
    case folderNotWritable(path: String)
    case noFileName

    public var description: String {
        switch self {
        case .noDatabase(let path): "there is no database at \(path) (check DATABASE_PATH)"
        case .destinationExists(let path): "\(path) exists already; give a new file name, or remove it first"
        case .damagedCopy(let problem): "the copy failed SQLite's integrity check: \(problem)"
        case .noFolder(let path): "the folder \(path) does not exist; create it first, or give a file in an existing folder"
        case .folderNotWritable(let path): "the folder \(path) cannot be written by this user; choose another folder"
        case .notAFolder(let path): "\(path) is a file, not a folder; give a file in a folder"
        case .noFileName: "give the backup a file name, e.g. backups/gcal-whatsapp-2026-12-06.sqlite"
        }
    }
}

extension AppDatabase {
    /// A consistent copy of the live database at `path` in `destination`, through SQLite's online
    /// backup, so `serve` may keep writing meanwhile. The copy is made under a temporary name beside
    /// `destination`, checked with `PRAGMA integrity_check`, and only then given its name: a failed
    /// or interrupted backup never leaves a file that looks like one.
    public static func backup(databasePath path: String, to destination: String) throws -> BackupReport {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else { throw BackupError.noDatabase(path: path) }
        guard !destination.trimmingCharacters(in: .whitespaces).isEmpty, !destination.hasSuffix("/") else {
            throw BackupError.noFileName
        }
        guard !files.fileExists(atPath: destination) else { throw BackupError.destinationExists(path: destination) }
        let folder = (URL(fileURLWithPath: destination).deletingLastPathComponent().path as NSString).standardizingPath
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: folder, isDirectory: &isFolder) else { throw BackupError.noFolder(path: folder) }
        guard isFolder.boolValue else { throw BackupError.notAFolder(path: folder) }
        guard files.isWritableFile(atPath: folder) else { throw BackupError.folderNotWritable(path: folder) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let source = try DatabasePool(path: path, configuration: configuration)
        let partial = destination + ".partial-\(UUID().uuidString.prefix(8))"
        defer { try? files.removeItem(atPath: partial) }
        guard files.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupError.folderNotWritable(path: folder)
        }
        let copy = try DatabaseQueue(path: partial)
        try source.backup(to: copy)
        let report = try copy.read { db -> BackupReport in
            let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard check == ["ok"] else { throw BackupError.damagedCopy(check.prefix(3).joined(separator: "; ")) }
            return BackupReport(bytes: 0, messages: try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") ?? 0,
                                events: try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0)
        }
        try copy.close()
        try files.moveItem(atPath: partial, toPath: destination)
        let bytes = (try? files.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
        return BackupReport(bytes: bytes, messages: report.messages, events: report.events)
    }
}
