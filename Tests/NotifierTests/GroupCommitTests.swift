import Foundation
import GRDB
import Synchronization
import Testing
import TestSupport
@testable import Notifier

/// `GroupCommit`: the writes that wait while a transaction runs share the next one, and each still
/// behaves as if it ran alone: it sees the writes before it, its error is its own, and its caller
/// hears of it only once it is committed.
@Suite("Group commit")
struct GroupCommitTests {
    /// A table of numbers, a commit counter, and the first write held open until released, so
    /// that the writes sent meanwhile wait for the next transaction together.
    struct Refused: Error, Equatable {}

    final class Bench: TransactionObserver, Sendable {
        let database: DatabaseQueue
        let commits: GroupCommit
        private let counted = Mutex(0)
        private let held = DispatchSemaphore(value: 0)
        private let holding = Mutex(false)

        init() throws {
            database = try DatabaseQueue()
            try database.write { db in try db.execute(sql: "CREATE TABLE numbers (n INTEGER PRIMARY KEY)") }
            commits = GroupCommit(writer: database)
            database.add(transactionObserver: self, extent: .databaseLifetime)
        }

        var committed: Int { counted.withLock { $0 } }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { counted.withLock { $0 += 1 } }
        func databaseDidRollback(_ db: Database) {}

        /// Inserts `n` and returns how many numbers the table then holds.
        @Sendable static func insert(_ n: Int, _ db: Database) throws -> Int {
            try db.execute(sql: "INSERT INTO numbers (n) VALUES (?)", arguments: [n])
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM numbers") ?? 0
        }

        /// Starts a write of `0` that holds the transaction until `release()`, and waits until it runs.
        func hold() async throws -> Task<Int, any Error> {
            let write = Task {
                try await commits.write { [self] db in
                    holding.withLock { $0 = true }
                    held.wait()
                    return try Self.insert(0, db)
                }
            }
            try await eventually("the first write holds the transaction") { holding.withLock { $0 } ? true : nil }
            return write
        }

        func release() { held.signal() }

        /// Sends a write of `n` (one that then throws, when `refused`) and waits until it waits.
        func queue(_ n: Int, refused: Bool = false) async throws -> Task<Int, any Error> {
            let waiting = commits.waiting
            let write = Task {
                try await commits.write { db in
                    let count = try Self.insert(n, db)
                    if refused { throw Refused() }
                    return count
                }
            }
            try await eventually("write \(n) waits") { commits.waiting > waiting ? true : nil }
            return write
        }

        var numbers: [Int] {
            get throws { try database.read { db in try Int.fetchAll(db, sql: "SELECT n FROM numbers ORDER BY n") } }
        }
    }


    @Test("writes that wait while a transaction runs are committed together, each seeing those before it")
    func waitingWritesShareACommit() async throws {
        let bench = try Bench()
        let first = try await bench.hold()
        var writes: [Task<Int, any Error>] = []
        for n in 1...3 { writes.append(try await bench.queue(n)) }
        bench.release()
        #expect(try await first.value == 1)
        var counts: [Int] = []
        for write in writes { counts.append(try await write.value) }
        #expect(counts.sorted() == [2, 3, 4])
        #expect(try bench.numbers == [0, 1, 2, 3])
        #expect(bench.committed == 2)
    }

    @Test("a write that throws in a batch fails alone: the others are committed together, it changes nothing")
    func aFailingWriteFailsAlone() async throws {
        let bench = try Bench()
        let first = try await bench.hold()
        let before = try await bench.queue(1)
        let refused = try await bench.queue(2, refused: true)
        let after = try await bench.queue(3)
        bench.release()
        _ = try await first.value
        #expect(try await before.value == 2)
        await #expect(throws: Refused.self) { try await refused.value }
        #expect(try await after.value == 3)
        #expect(try bench.numbers == [0, 1, 3])
        #expect(bench.committed == 2, "the first write, then the two others together")
    }

    @Test("a caller cancelled while its write waits still has it committed, and hears so")
    func aCancelledCallersWriteIsCommitted() async throws {
        let bench = try Bench()
        let first = try await bench.hold()
        let write = try await bench.queue(1)
        write.cancel()
        bench.release()
        _ = try await first.value
        #expect(try await write.value == 2)
        #expect(try bench.numbers == [0, 1])
    }

    @Test("a write alone, with nothing waiting, is one transaction")
    func aLoneWrite() async throws {
        let bench = try Bench()
        #expect(try await bench.commits.write { db in try Bench.insert(7, db) } == 1)
        #expect(try await bench.commits.write { db in try Bench.insert(8, db) } == 2)
        #expect(bench.committed == 2)
    }
}
