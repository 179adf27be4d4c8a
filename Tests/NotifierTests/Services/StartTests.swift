import Composition
import Foundation
import Logging
import TestSupport
import Testing
@testable import Notifier

/// The composition root's start: a failure on the way is thrown, with everything taken given back.
@Suite(.serialized)
struct StartTests {
    /// A port already taken fails the start, even with the loops asleep for a minute: they used to
    /// sleep through the group's cancellation, and swift-service-lifecycle ended the process (a
    /// crash here ends the whole test run).
    @Test func aTakenPortFailsTheStartWithoutACrash() async throws {
        try await ServiceWorld.run(["POLL_INTERVAL": "60s"]) { world in
            let directory = try TemporaryDirectory()
            var environment = world.environment
            environment["DATABASE_PATH"] = directory.path("second.sqlite")
            let settings = try Settings(source: ConfigurationSource(environment: environment))
            await #expect(throws: (any Error).self) {
                try await WhatsAppService.start(settings: settings, logger: Logger(label: "second"))
            }
            // The second service's lock was given back: a third start on its database takes it.
            _ = try DatabaseLock.acquire(databasePath: settings.databasePath)
        }
    }
}
