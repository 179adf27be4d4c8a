import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sending process per database. At start-up a message still marked `sending` is taken to be
/// abandoned by a crash and is reconciled; that is only safe when no other process is sending from
/// the same database, so `serve` and `sync` hold this lock (`flock` on `<database>.lock`) while they
/// run. The OS releases it when the process ends, however it ends.
public final class DatabaseLock: Sendable {
    /// nil once released.
    private let descriptor: Mutex<Int32?>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock for the database at `path`, or fails at once if another process holds it.
    public static func acquire(databasePath path: String) throws -> DatabaseLock {
        let lockPath = path + ".lock"
        try PrivateFolder.create((lockPath as NSString).deletingLastPathComponent)
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw DatabaseLockError.unavailable(path: lockPath, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw DatabaseLockError.held(path: path)
        }
        return DatabaseLock(descriptor: descriptor)
    }

    /// Gives the lock back (a service stopped in a process that goes on, as in a restart).
    public func release() {
        descriptor.withLock { descriptor in
            if let open = descriptor { close(open) }
            descriptor = nil
        }
    }

    deinit {
        release()
    }
}

public enum DatabaseLockError: Error, CustomStringConvertible {
    case held(path: String)
    case unavailable(path: String, reason: String)

    public var description: String {
        switch self {
        case .held(let path):
            "another gcal-whatsapp serve or sync is using \(path); only one may send from a database at a time"
        case .unavailable(let path, let reason):
            "cannot create the lock file \(path): \(reason)"
        }
    }
}
