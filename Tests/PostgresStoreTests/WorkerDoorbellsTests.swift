import Foundation
import Synchronization
import Notifier
import Testing
@testable import PostgresStore

@Suite("Doorbells across workers", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct WorkerDoorbellsTests {
    @Test func aRingInOneWorkerWakesTheLoopInAnother() async throws {
        try await TestPostgres.withDatabase { location in
            let first = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let second = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let (rings, heard) = AsyncStream.makeStream(of: String?.self)
            let listening = WorkerDoorbells(database: second) { heard.yield($0) }
            let ringing = WorkerDoorbells(database: first) { _ in }
            var iterator = rings.makeAsyncIterator()
            // Listening (re)starts by ringing everything: news sent while no one listened is not lost.
            #expect(await iterator.next() == .some(nil))
            try await ringing.ring("sender")
            #expect(await iterator.next() == "sender")
            await listening.close()
            await ringing.close()
            await first.close()
            await second.close()
        }
    }
}
