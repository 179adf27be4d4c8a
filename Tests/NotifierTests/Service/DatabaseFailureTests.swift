import Foundation
import GRDB
import TestSupport
import Testing
@testable import Notifier

/// The database failing in the middle of a send (a full disk, a lost connection): what reached
/// the provider is never sent again, and the message settles once the database is back.
@Suite(.serialized)
struct DatabaseFailureTests {
    /// Makes the store refuse to record a provider's id, as a full disk would; undone by `allow`.
    struct RefusedAnswers {
        let environment: [String: String]
        let directory: TemporaryDirectory

        /// `everything`: every change to a message being sent is refused, its failure's record
        /// included; otherwise only the provider's id.
        func refuse(everything: Bool = false) async throws {
            if let url = environment["DATABASE_URL"] {
                let when = everything ? "OLD.state = 'sending'" : "NEW.twilio_sid IS NOT NULL"
                _ = try TestStore.value(url, """
                    CREATE FUNCTION refuse_sid() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'disk full (test)'; END$$;
                    CREATE TRIGGER refuse_sid BEFORE UPDATE ON outbox FOR EACH ROW WHEN (\(when)) EXECUTE FUNCTION refuse_sid()
                    """)
            } else {
                let when = everything ? "OLD.state = 'sending'" : "NEW.twilio_sid IS NOT NULL"
                try await sqlite("""
                    CREATE TRIGGER refuse_sid BEFORE UPDATE ON outbox WHEN \(when)
                    BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END
                    """)
            }
        }

        func allow() async throws {
            if let url = environment["DATABASE_URL"] {
                _ = try TestStore.value(url, "DROP TRIGGER refuse_sid ON outbox; DROP FUNCTION refuse_sid()")
            } else {
                try await sqlite("DROP TRIGGER refuse_sid")
            }
        }

        private func sqlite(_ statement: String) async throws {
            let file = try DatabaseQueue(path: directory.path("service.sqlite"))
            try await file.write { db in try db.execute(sql: statement) }
            try file.close()
        }
    }

    @Test func anAnswerTheDatabaseCannotRecordIsReconciledNeverSentAgain() async throws {
        try await ServiceWorld.run { world in
            try await world.pass()
            let database = RefusedAnswers(environment: world.environment, directory: world.directory)
            try await database.refuse()
            let id = try await world.create("Coaching")
            world.service.bells.watcher.ring()
            try await eventually("Twilio has the message") { await world.twilio.messages().count == 1 ? true : nil }
            try await eventually("the message waits to be reconciled") {
                try await world.outbox().first.map { $0.state == .unknown ? true : nil } ?? nil
            }
            #expect(await world.twilio.messages().count == 1, "not sent again while its answer cannot be recorded")

            try await database.allow()
            try await eventually("the message is settled") {
                try await world.settle()
                return try await world.outbox().first?.twilioSID != nil ? true : nil
            }
            try await world.settle()
            #expect(await world.twilio.messages().count == 1, "sent once")
            #expect(try await world.outbox().first?.state == .delivered)
            #expect(await world.event(id)?.colorId == "10", "green once delivered")
        }
    }

    /// Found by review: when the database refused the failure's record too, the message stayed
    /// `sending`, which no pass takes, until a restart. It is recorded once the database takes
    /// it again, looked for at Twilio, and never sent twice.
    @Test func aSendWhoseOutcomeCannotBeRecordedAtAllIsTakenUpOnceTheDatabaseIsBack() async throws {
        try await ServiceWorld.run { world in
            try await world.pass()
            let database = RefusedAnswers(environment: world.environment, directory: world.directory)
            try await database.refuse(everything: true)
            let id = try await world.create("Coaching")
            world.service.bells.watcher.ring()
            try await eventually("Twilio has the message") { await world.twilio.messages().count == 1 ? true : nil }
            try await world.settle()
            #expect(try await world.outbox().first?.state == .sending, "nothing could be recorded")

            try await database.allow()
            try await eventually("the message is settled") {
                world.service.bells.sender.ring()
                try await world.settle()
                return try await world.outbox().first?.twilioSID != nil ? true : nil
            }
            try await world.settle()
            #expect(await world.twilio.messages().count == 1, "sent once")
            #expect(await world.event(id)?.colorId == "10", "green once delivered")
        }
    }
}
