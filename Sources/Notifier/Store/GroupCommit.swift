import GRDB
import Synchronization

/// Group commit for the writes every message of a burst makes (`beginAttempt`, `settle`, and the
/// delivery reports): those that wait while one transaction runs go together in the next, and
/// share its commit. A commit is the dearest step of a small write (the WAL frames, the sync,
/// the wake-ups of the writer's queue); a burst makes five writes a message.
///
/// Each write still returns only once its transaction is committed, and sees every write before
/// it, as it would alone. When one write of a batch throws, the batch is rolled back, that write's
/// caller gets its error, and the others run again in a new transaction: an error is only ever
/// its own write's. So a write may run twice, and must do nothing but its database work (what it
/// returns is handed back after the commit). When the transaction itself fails (the database
/// locked beyond its busy timeout), every write of it fails, each once.
///
/// A write cannot be cancelled once sent: the batch runs in a task of its own, so that one
/// caller's cancellation does not undo the others' writes. A stop waits for the writes in flight.
final class GroupCommit: Sendable {
    private let writer: any DatabaseWriter
    private let queue = Mutex<(jobs: [Job], draining: Bool)>(([], false))
    /// How many writes a transaction takes at most: the last one of a batch waits for all before it.
    static let mostInOneCommit = 64

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// A write waiting for its transaction: it returns how to answer its caller once committed.
    private struct Job: Sendable {
        let perform: @Sendable (Database) throws -> @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    /// Runs `work` in a write transaction, with the other writes waiting now.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(perform: { db in
                let value = try work(db)
                return { continuation.resume(returning: value) }
            }, fail: { continuation.resume(throwing: $0) })
            let starts = queue.withLock { queue in
                queue.jobs.append(job)
                defer { queue.draining = true }
                return !queue.draining
            }
            // Not a child of the caller's task: a batch holds other callers' writes, which the
            // caller's cancellation must not undo.
            if starts { Task { await self.drain() } }
        }
    }

    /// How many writes wait for the next transaction (tests wait on it to know a batch has formed).
    var waiting: Int {
        queue.withLock { $0.jobs.count }
    }

    private func drain() async {
        while true {
            let jobs = queue.withLock { queue in
                let jobs = Array(queue.jobs.prefix(Self.mostInOneCommit))
                queue.jobs.removeFirst(jobs.count)
                if jobs.isEmpty { queue.draining = false }
                return jobs
            }
            guard !jobs.isEmpty else { return }
            await commit(jobs)
        }
    }

    /// Which write of a batch threw, and what.
    private struct Refusal: Error {
        let index: Int
        let error: any Error
    }

    private func commit(_ jobs: [Job]) async {
        do {
            let answers = try await writer.write { db in
                try jobs.indices.map { index in
                    do {
                        return try jobs[index].perform(db)
                    } catch {
                        throw Refusal(index: index, error: error)
                    }
                }
            }
            for answer in answers { answer() }
        } catch let refusal as Refusal {
            // That write failed after those before it, as it would have alone: it hears so, and
            // the others go again without it.
            jobs[refusal.index].fail(refusal.error)
            var others = jobs
            others.remove(at: refusal.index)
            if !others.isEmpty { await commit(others) }
        } catch {
            // The transaction itself failed (the database locked beyond its busy timeout, a full
            // disk): none of its writes was made, and each caller hears so.
            for job in jobs { job.fail(error) }
        }
    }
}
