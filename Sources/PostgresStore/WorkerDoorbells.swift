import Logging
import Notifier
import PostgresNIO
import Synchronization

/// Doorbells across workers (DESIGN.md §27): news taken in by one worker (a push notification, a
/// delivery report, a booking) rings the loop concerned in every worker, through PostgreSQL's
/// `LISTEN/NOTIFY`, so that the worker leading the calendar acts on it at once. A notification
/// is lost when no one listens, so after its connection comes back a worker rings all its loops
/// once, as if everything had rung.
public final class WorkerDoorbells: Sendable {
    /// The channel every worker listens on; the payload names the loop (`watcher`, `writeBack`, …).
    static let channel = "gcal_whatsapp_doorbells"

    private let database: PostgresAppDatabase
    private let listening: Task<Void, Never>
    /// Rings being passed on, by loop: a burst of rings (a webhook each) makes one notification in
    /// flight and at most one more after it, not one each.
    private let relaying = Mutex<[String: Bool]>([:])

    /// Listens until `close()`, calling `ring` with each loop's name as news arrives, and with
    /// `nil` (every loop) when listening starts again after the connection was lost.
    public init(database: PostgresAppDatabase, ring: @escaping @Sendable (String?) -> Void) {
        self.database = database
        let location = database.location
        let worker = database.worker
        let logger = database.logger
        listening = Task {
            var attempt = 0
            while !Task.isCancelled {
                var connection: PostgresConnection?
                do {
                    attempt += 1
                    let listener = try await PostgresConnection.connect(
                        configuration: try location.connectionConfiguration(worker: worker), id: attempt, logger: logger)
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

    /// Rings `loop` in every worker without waiting; rings while one is on its way fold into one more.
    package func relay(_ loop: String) {
        let start = relaying.withLock { relaying -> Bool in
            if let pending = relaying[loop] {
                if !pending { relaying[loop] = true }
                return false
            }
            relaying[loop] = false
            return true
        }
        guard start else { return }
        Task {
            while true {
                do {
                    try await ring(loop)
                } catch {
                    database.logger.warning("a ring was not passed on to the other workers; they see the news at their next poll",
                                            metadata: ["loop": "\(loop)", "error": "\(error)"])
                }
                let again = relaying.withLock { relaying -> Bool in
                    if relaying[loop] == true {
                        relaying[loop] = false
                        return true
                    }
                    relaying[loop] = nil
                    return false
                }
                if !again { return }
            }
        }
    }

    public func close() async {
        listening.cancel()
        await listening.value
    }
}
