import Foundation
import PostgresNIO
import Notifier
import Testing
@testable import PostgresStore

@Suite("One worker per calendar", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct CalendarLeadershipTests {
    @Test func oneWorkerLeadsACalendarAndAnotherTakesOverWhenItDies() async throws {
        try await TestPostgres.withDatabase { location in
            let first = CalendarLeadership(location: location, worker: "test-\(UUID().uuidString.prefix(8))", logger: TestPostgres.logger)
            let second = CalendarLeadership(location: location, worker: "test-\(UUID().uuidString.prefix(8))", logger: TestPostgres.logger)
            #expect(await first.lead("primary"))
            #expect(await first.lead("primary"), "leading is kept, not taken again")
            #expect(!(await second.lead("primary")))
            #expect(await second.lead("clinic@example.com"), "another calendar is free")

            // The first worker's process is killed: the server ends its session (as it does when
            // the socket of a `kill -9`ed process closes), and its calendars are free at once.
            try await TestPostgres.admin(location) { admin in
                _ = try await admin.query("""
                    SELECT pg_terminate_backend(pid) FROM pg_locks
                    WHERE locktype = 'advisory' AND classid = \(PostgresLocks.namespace) AND objid = hashtext('primary')::oid
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """, logger: TestPostgres.logger)
            }
            #expect(await eventuallyLeads(second, "primary"))
            // The first worker, still alive in this test, finds it lost the calendar and leads nothing.
            #expect(!(await first.lead("primary")))
            #expect(await first.calendars.isEmpty)
            await first.close()
            await second.close()
        }
    }

    /// A worker that cannot reach a calendar steps down: another takes it, and the first does
    /// not take it back while the hold lasts; alone again after it, the first leads it again. A
    /// worker with no other worker running does not step down at all (it would leave the
    /// calendar to no one).
    @Test func aWorkerSteppingDownLeavesTheCalendarToAnotherForAWhile() async throws {
        try await TestPostgres.withDatabase { location in
            let first = CalendarLeadership(location: location, worker: PostgresAppDatabase.workerName(), logger: TestPostgres.logger)
            #expect(await first.lead("primary"))
            #expect(!(await first.stepDown("primary", for: .seconds(3_600))), "alone: nobody to leave it to")
            #expect(await first.lead("primary"))
            // A command on the database (`connect`, `migrate-to-postgres`, and `check` or
            // `sync --dry-run`, which open it the same way) is not a worker.
            let reader = try await PostgresAppDatabase.open(location, asWorker: false, logger: TestPostgres.logger)
            _ = try await reader.allOutboxMessages()
            #expect(!(await first.stepDown("primary", for: .seconds(3_600))), "a command is not a worker to leave it to")
            await reader.close()
            #expect(await first.lead("primary"))

            let second = CalendarLeadership(location: location, worker: PostgresAppDatabase.workerName(), logger: TestPostgres.logger)
            #expect(await second.lead("clinic@example.com"), "the second worker runs")
            #expect(await first.stepDown("primary", for: .seconds(3_600)))
            #expect(!(await first.lead("primary")), "not taken back while held off, though free")
            #expect(await second.lead("primary"))
            await second.close()
            #expect(!(await first.lead("primary")), "still held off")
            await first.close()

            let again = CalendarLeadership(location: location, worker: PostgresAppDatabase.workerName(), logger: TestPostgres.logger)
            let other = CalendarLeadership(location: location, worker: PostgresAppDatabase.workerName(), logger: TestPostgres.logger)
            #expect(await other.lead("clinic@example.com"))
            #expect(await again.lead("primary"))
            #expect(await again.stepDown("primary", for: .milliseconds(1)))
            try await Task.sleep(for: .milliseconds(5))
            #expect(await again.lead("primary"), "nobody else took it: taken back after the hold")
            await again.close()
            await other.close()
        }
    }

    @Test func releasingACalendarLetsAnotherWorkerLeadIt() async throws {
        try await TestPostgres.withDatabase { location in
            let first = CalendarLeadership(location: location, worker: "test-\(UUID().uuidString.prefix(8))", logger: TestPostgres.logger)
            let second = CalendarLeadership(location: location, worker: "test-\(UUID().uuidString.prefix(8))", logger: TestPostgres.logger)
            #expect(await first.lead("primary"))
            await first.release("primary")
            #expect(await second.lead("primary"))
            await first.close()
            // Closing gives everything up.
            await second.close()
            #expect(await first.lead("primary"))
            await first.close()
        }
    }

    /// The terminated session's lock is freed when the server has ended it: a few tries at most.
    private func eventuallyLeads(_ leadership: CalendarLeadership, _ calendar: String) async -> Bool {
        for _ in 0..<200 {
            if await leadership.lead(calendar) { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return false
    }
}
