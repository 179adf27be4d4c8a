import Logging
import Notifier
import PostgresNIO

/// Doorbells across workers (DESIGN.md §27): news taken in by one worker (a push notification, a
/// decided message, a delivery report) rings the loop concerned in every worker, through
/// PostgreSQL's `LISTEN/NOTIFY`. A notification is lost when no one listens, so after its
/// connection comes back a worker rings all its loops once, as if everything had rung.
public final class WorkerDoorbells: Sendable {
    /// The channel every worker listens on; the payload names the loop (`sender`, `watcher`, …).
    static let channel = "gcal_whatsapp_doorbells"

    private let database: PostgresAppDatabase
    private let listening: Task<Void, Never>

    /// Listens until `close()`, calling `ring` with each loop's name as news arrives, and with
    /// `nil` (every loop) when listening starts again after the connection was lost.
    public init(database: PostgresAppDatabase, ring: @escaping @Sendable (String?) -> Void) {
        self.database = database
        let location = database.location
        let logger = database.logger
        listening = Task {
            var attempt = 0
            while !Task.isCancelled {
                var connection: PostgresConnection?
                do {
                    attempt += 1
                    let listener = try await PostgresConnection.connect(
                        configuration: try location.connectionConfiguration(), id: attempt, logger: logger)
                    connection = listener
                    try await listener.listen(on: Self.channel) { notifications in
                        ring(nil)
                        for try await notification in notifications {
                            ring(notification.payload.isEmpty ? nil : notification.payload)
                        }
                    }
                } catch {
                    if !Task.isCancelled {
                        logger.warning("listening for other workers' news failed; trying again",
                                       metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
                // A connection must be closed before it is let go.
                try? await connection?.close()
                if Task.isCancelled { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Rings `loop` in every worker, this one included.
    public func ring(_ loop: String) async throws {
        try await database.client.query("SELECT pg_notify(\(Self.channel), \(loop))", logger: database.logger)
    }

    public func close() async {
        listening.cancel()
        await listening.value
    }
}
