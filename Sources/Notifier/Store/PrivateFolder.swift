import Foundation

/// The folder that holds the database, its lock and its backups: readable by its owner only.
enum PrivateFolder {
    /// Creates `path` and any missing parents, each `0700` whatever the umask. Whichever code
    /// creates the folder first (the lock file or the store) uses this, so the folder is never
    /// briefly, or for good, open to others. An existing folder is left as the operator made it.
    static func create(_ path: String) throws {
        let files = FileManager.default
        var missing: [String] = []
        var current = (path as NSString).standardizingPath
        while !current.isEmpty, current != "/", !files.fileExists(atPath: current) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for folder in missing.reversed() {
            do {
                try files.createDirectory(atPath: folder, withIntermediateDirectories: false)
            } catch where files.fileExists(atPath: folder) {
                // Another process made it at the same moment; its mode is set below all the same.
            }
            // Set after creation: the mode given to mkdir is narrowed by the umask, never widened.
            try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        }
    }
}
