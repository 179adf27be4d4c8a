import AsyncHTTPClient
import Emulators
import Foundation
import GRDB
import Notifier
import TestSupport
import Testing

/// `serve` as an operator runs it: its own process, the emulators over loopback, signals.
@Suite(.serialized)
struct ServeTests {
    static func createSession(_ google: GoogleEmulator, phone: String, inHours hours: Double = 48) async throws -> String {
        let start = Date().addingTimeInterval(hours * 3_600)
        return try await google.createEvent(in: EmulatedCalendar.id, summary: "Coaching", start: start,
                                            end: start.addingTimeInterval(3_600), location: phone)
    }

    @Test func serveSendsServesHealthAndStopsCleanlyOnSIGTERM() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            var environment = environment
            environment["POLL_INTERVAL"] = "1s"
            let serve = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            let port = try await serve.servingPort()
            let id = try await Self.createSession(google, phone: "+919876543210")
            try await eventually("the block is written") {
                await google.event(id, in: EmulatedCalendar.id)?.description?.contains("wa.me/919876543210") == true ? true : nil
            }
            #expect(await twilio.messages().count == 1)

            let health = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(port)/healthz").get()
            #expect(health.status == .ok)
            // Twilio's status callbacks reach `serve` at PUBLIC_BASE_URL and move the message on.
            try await eventually("the metrics count the delivered message") {
                let metrics = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(port)/metrics").get()
                let text = metrics.body.map { String(buffer: $0) } ?? ""
                return text.contains(#"gcal_whatsapp_outbox_messages{state="delivered"} 1"#) ? true : nil
            }
            // Every name is one Prometheus accepts: a single bad one fails the whole scrape.
            let metrics = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(port)/metrics").get()
            let exposition = metrics.body.map { String(buffer: $0) } ?? ""
            for line in exposition.split(separator: "\n") where !line.hasPrefix("#") {
                #expect(line.wholeMatch(of: #/[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? .+/#) != nil, "\(line)")
            }
            #expect(exposition.contains("hb_requests{"), "requests by route and status")
            #expect(exposition.contains(#"gcal_whatsapp_api_call_duration_seconds_count{api="twilio""#))
            #expect(exposition.contains("gcal_whatsapp_messages{"))
            // Every kind and state is listed: the states the message passed through read 0 again.
            #expect(exposition.contains(#"gcal_whatsapp_messages{kind="scheduled",state="delivered"} 1"#), "\(exposition)")
            #expect(exposition.contains(#"gcal_whatsapp_messages{kind="scheduled",state="sending"} 0"#))
            #expect(exposition.contains(#"gcal_whatsapp_messages{kind="reminder",state="failed"} 0"#))

            let overlapping = try await cli.run(["sync"], environment: environment)
            if TestStore.isPostgres {
                // On PostgreSQL `sync` is one more worker for a pass: the calendar stays with `serve`,
                // which leads it, and nothing is sent twice.
                #expect(overlapping.status == 0, "\(overlapping.error)")
                #expect(await twilio.messages().count == 1)
            } else {
                #expect(overlapping.status == 1)
                #expect(overlapping.error.contains("only one may send from a database at a time"))
            }

            serve.signal(SIGTERM)
            #expect(await serve.exitStatus() == 0)
            let log = serve.log
            #expect(log.contains("whatsapp message sent"))
            #expect(log.contains("+91******3210"))
            #expect(!log.contains("9876543210"), "the number appears only masked")
            #expect(!log.contains("is scheduled for"), "no message text in the log")
            #expect(!log.contains(twilio.authToken))
        }
    }

    @Test func killedOrStoppedMidDispatchThenRestartedLosesAndDuplicatesNothing() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            var environment = environment
            environment["POLL_INTERVAL"] = "1s"
            environment["SEND_RATE"] = "8"
            let phones = (0..<32).map { "+9198765000\(String(format: "%02d", $0))" }
            var ids: [String] = []
            for (index, phone) in phones.enumerated() {
                ids.append(try await Self.createSession(google, phone: phone, inHours: Double(24 + index)))
            }
            let first = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            try await eventually("some messages are sent") { await twilio.messages().count >= 4 ? true : nil }
            first.signal(SIGKILL)
            _ = await first.exitStatus()
            let killedAt = Date()
            let sentBeforeKill = await twilio.messages().count
            #expect(sentBeforeKill < phones.count, "the kill landed mid-dispatch")

            // A graceful stop mid-dispatch lets sends in flight finish: nothing is left half-sent.
            let second = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            try await eventually("more messages are sent") { await twilio.messages().count >= sentBeforeKill + 4 ? true : nil }
            second.signal(SIGTERM)
            #expect(await second.exitStatus() == 0)
            if let url = environment["DATABASE_URL"] {
                // Sends the killed worker had begun wait until they have surely settled (then a
                // worker asks Twilio whether they arrived); none of the stopped worker's is left.
                #expect(try TestStore.value(url, """
                    SELECT count(*) FROM outbox WHERE state = 'sending' AND last_attempt_at > to_timestamp(\(killedAt.timeIntervalSince1970))
                    """) == "0")
            } else {
                let store = try AppDatabase.openReadOnly(path: environment["DATABASE_PATH"]!)
                let halfSent = try await store.allOutboxMessages().filter { $0.state == .sending }
                #expect(halfSent.isEmpty)
            }

            let third = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            // On PostgreSQL a send the killed worker had begun waits out its two-minute lease
            // (it may still be under way, as far as any other worker can tell).
            try await eventually("every event shows its links", within: .seconds(TestStore.isPostgres ? 200 : 60)) {
                var done = 0
                for id in ids where await google.event(id, in: EmulatedCalendar.id)?.description?.contains("Cancel: ") == true {
                    done += 1
                }
                return done == ids.count ? true : nil
            }
            third.signal(SIGTERM)
            // The log's end says what a stop that did not finish was waiting for.
            #expect(await third.exitStatus() == 0, "\(third.log.split(separator: "\n").suffix(15).joined(separator: "\n"))")
            let recipients = await twilio.messages().map(\.to)
            #expect(recipients.count == phones.count, "none duplicated")
            #expect(Set(recipients) == Set(phones), "none lost")
        }
    }

    @Test func runningOutOfDescriptorsNeitherCrashesNorStopsServing() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            var environment = environment
            environment["POLL_INTERVAL"] = "1s"
            environment["HTTP_REQUEST_TIMEOUT"] = "2s"
            let serve = try RunningCommand(["serve"], environment: environment, in: cli.directory, openFilesLimit: 128)
            let port = try await serve.servingPort()
            // More stalled clients than the process may hold descriptors: the rest wait in the backlog.
            let stalled = try (0..<200).map { _ in try RawConnection(port: port) }
            try await eventually("every stalled client is cut off") {
                stalled.allSatisfy(\.isClosedByServer) ? true : nil
            }
            try await eventually("health answers again") {
                try? await Browser.get("http://127.0.0.1:\(port)/healthz").status == 200 ? true : nil
            }
            let id = try await Self.createSession(google, phone: "+919876543210")
            try await eventually("a new session is still announced") {
                await google.event(id, in: EmulatedCalendar.id)?.description?.contains("wa.me/919876543210") == true ? true : nil
            }
            #expect(await twilio.messages().count == 1)
            #expect(serve.process.isRunning)
            serve.signal(SIGTERM)
            #expect(await serve.exitStatus() == 0)
        }
    }
}
