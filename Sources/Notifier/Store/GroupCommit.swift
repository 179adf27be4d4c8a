import GRDB
import Synchronization

/// Writes of the send path made together: every write asked for while one transaction runs goes
/// into the next one, each in a savepoint of its own (one that fails is rolled back alone and
/// throws to its caller; the others commit). A burst's sends each wrote twice, and a transaction
/// (the hop to the writer's queue and back, `BEGIN`, `COMMIT`) was most of what a message cost
/// (issue 26). Nothing is said done before its transaction commits, so a crash loses nothing a
/// caller was told about: the exactly-once rules hold as with one transaction a write.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the write in its savepoint; returns what to tell its caller once the whole commits.
        let run: @Sendable (Database) -> @Sendable () -> Void
        /// Tells its caller the transaction failed as a whole.
        let fail: @Sendable (any Error) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var flushing = false
    }

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// `work` in the next transaction, in a savepoint of its own; returns once that transaction commits.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        var value: T?
                        try db.inSavepoint {
                            value = try work(db)
                            return .commit
                        }
                        let done = value!
                        return { continuation.resume(returning: done) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let start = queue.withLock { queue -> Bool in
                queue.jobs.append(job)
                guard !queue.flushing else { return false }
                queue.flushing = true
                return true
            }
            if start { Task { await self.flush() } }
        }
    }

    /// Runs what is queued, in one transaction each round, until nothing is left.
    private func flush() async {
        while true {
            let jobs = queue.withLock { queue -> [Job] in
                let taken = queue.jobs
                queue.jobs = []
                if taken.isEmpty { queue.flushing = false }
                return taken
            }
            guard !jobs.isEmpty else { return }
            do {
                let replies = try await writer.write { db in jobs.map { $0.run(db) } }
                for reply in replies { reply() }
            } catch {
                for job in jobs { job.fail(error) }
            }
        }
    }
}
