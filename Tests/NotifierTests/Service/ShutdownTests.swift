import Emulators
import Composition
import Foundation
import Logging
import TestSupport
import Testing
@testable import Notifier

/// A graceful stop (SIGTERM from systemd) does not wait for a long queue of calendar write-backs:
/// those in flight finish, the rest stay due for the next start. Before this, a stop after a burst
/// with a slow or vanished Google took as long as the whole queue (hours with retries).
@Suite(.serialized)
struct ShutdownTests {
    @Test func stoppingLeavesQueuedWriteBacksForTheNextStart() async throws {
        try await ServiceWorld.run(["GOOGLE_WRITE_RATE": "2", "POLL_INTERVAL": "1h", "GOOGLE_PUSH": "off"]) { world in
            await world.google.setWriteLatency(.milliseconds(200))
            for index in 0..<20 {
                _ = try await world.create("Session \(index)", inHours: 30 + Double(index), location: "+9198765\(String(format: "%05d", index))")
            }
            world.service.bells.watcher.ring()
            try await eventually("all 20 messages are sent") { await world.twilio.messages().count == 20 ? true : nil }
            await world.runner.stop()
            let written = await world.google.events(in: ServiceWorld.calendar).filter { $0.colorId != nil }.count
            #expect(written < 20, "the stop did not wait for every write-back (\(written) written)")
            // The stopped service gave its store back: read the database as `check` would.
            let store = try await ServiceStores.openForReading(world.service.settings, logger: Logger(label: "test"))
            let due = try await store.eventsAwaitingWriteBack().count
            await store.close()
            // Still due: every event not written yet (and some written ones, whose delivery report
            // came after their write-back and asks for one more).
            #expect(due >= 20 - written, "what was not written is still due")

            try await world.runner.start()
            try await eventually("the next start writes the rest back") {
                await world.google.events(in: ServiceWorld.calendar).filter { $0.colorId != nil }.count == 20 ? true : nil
            }
        }
    }
}
