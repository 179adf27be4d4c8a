import GRDB
import Foundation

/// The service's SQLite database: one file in WAL mode, foreign keys on, migrated on open.
/// Each public method is one transaction named for what it does (the send path's may share one
/// commit with others waiting, `GroupCommit`).
public final class AppDatabase: Sendable, ServiceStore {
    /// Only this type's own methods use it: the rest of the service, and the tests, go through
    /// the purpose-named methods (schema tests open the file with a connection of their own).
    let writer: any DatabaseWriter
    /// How far Twilio's reports have moved each recent message: repeats are answered from here.
    let deliveredRanks = DeliveryRanks()
    /// The send path's writes, a commit for all those waiting (`GroupCommit`).
    let sendPathWrites: GroupCommit

    /// The file opened, as it was then (nil in memory): one deleted or replaced under the running
    /// service is no database at all, though the service would go on writing to the unlinked file,
    /// lost at the next start; `/healthz` says so.
    private let file: (path: String, identity: FileIdentity)?

    init(writer: any DatabaseWriter, path: String? = nil) throws {
        self.writer = writer
        sendPathWrites = GroupCommit(writer: writer)
        try Self.migrator.migrate(writer)
        file = path.flatMap { path in FileIdentity(of: path).map { (path, $0) } }
    }

    /// Opens (creating when needed) the database at `path` and migrates it. The database and its
    /// `-wal` and `-shm` files are made readable by their owner only, also when an earlier version
    /// or a copy left them readable by others, and a folder created for them is the owner's only.
    public static func open(path: String) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let files = FileManager.default
        let folder = url.deletingLastPathComponent()
        try PrivateFolder.create(folder.path)
        if !files.fileExists(atPath: url.path) {
            guard files.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        // SQLite gives new -wal and -shm files the database file's mode; existing ones are set here.
        for file in [url.path, url.path + "-wal", url.path + "-shm"] where files.fileExists(atPath: file) {
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another connection (a second `sync` from cron, say) may hold the write lock briefly.
        configuration.busyMode = .timeout(10)
        return try AppDatabase(writer: DatabasePool(path: url.path, configuration: configuration), path: url.path)
    }

    /// Opens the database at `path` for reading only, creating and changing nothing; a database
    /// that does not exist yet reads as empty (`sync --dry-run` before the first real sync).
    public static func openReadOnly(path: String) throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else { return try empty() }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        guard try queue.read(migrator.hasCompletedMigrations) else {
            throw AppDatabaseError.needsMigration(path: path)
        }
        return AppDatabase(migratedWriter: queue)
    }

    /// A store holding nothing, in memory: what a read finds before the service has stored anything.
    public static func empty() throws -> AppDatabase {
        try AppDatabase(writer: DatabaseQueue())
    }

    private init(migratedWriter: any DatabaseWriter) {
        writer = migratedWriter
        sendPathWrites = GroupCommit(writer: migratedWriter)
        file = nil
    }

    /// GRDB closes the file when the last reference goes.
    package func close() async {}

    /// True when the database answers a query (for `/healthz`).
    public func isHealthy() async -> Bool {
        if let file, FileIdentity(of: file.path) != file.identity { return false }
        return (try? await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}

/// A file's device and inode: the same path naming another file (or none) shows a file replaced.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    init?(of path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

public enum AppDatabaseError: Error, CustomStringConvertible {
    /// A read-only open found a database an older version wrote; opening it for writing migrates it.
    case needsMigration(path: String)

    public var description: String {
        switch self {
        case .needsMigration(let path):
            "the database \(path) was written by an older version; run `gcal-whatsapp sync` or `serve` once to upgrade it"
        }
    }
}
