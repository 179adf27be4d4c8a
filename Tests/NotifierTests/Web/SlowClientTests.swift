import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Clients that stall, stop halfway or drip a byte at a time are cut off after
/// `HTTP_REQUEST_TIMEOUT`, and the server keeps answering everyone else.
@Suite(.serialized)
struct SlowClientTests {
    static let timeout = ["HTTP_REQUEST_TIMEOUT": "2s"]

    @Test func stalledHalfSentAndIdleConnectionsAreClosed() async throws {
        try await ServiceWorld.run(Self.timeout) { world in
            let port = world.baseURL.port!
            let stalled = try RawConnection(port: port)
            let halfHead = try RawConnection(port: port)
            halfHead.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag")
            let halfBody = try RawConnection(port: port)
            halfBody.send("POST /webhooks/twilio/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nMessageSid=SM")
            let keptAlive = try RawConnection(port: port)
            keptAlive.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await keptAlive.read(until: "ok").contains("HTTP/1.1 200"))

            for (name, connection) in [("stalled", stalled), ("half-sent head", halfHead),
                                       ("half-sent body", halfBody), ("idle kept-alive", keptAlive)] {
                try await eventually("the \(name) connection is closed") { connection.isClosedByServer ? true : nil }
            }
            #expect(try await Browser.get(world.baseURL.absoluteString + "/healthz").status == 200)
        }
    }

    @Test func aKeptAliveConnectionUsedWithinTheLimitStaysOpenLongerThanIt() async throws {
        // Each request moves the deadline on; the one check pending when the first deadline
        // comes finds it moved and waits again instead of closing a connection in use.
        try await ServiceWorld.run(Self.timeout) { world in
            let connection = try RawConnection(port: world.baseURL.port!)
            let start = ContinuousClock.now
            var answered = 0
            while ContinuousClock.now - start < .seconds(5) {
                connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let answer = try await connection.read(until: "ok")
                #expect(answer.contains("HTTP/1.1 200"), "request \(answered + 1) unanswered: the connection was closed in use")
                answered += 1
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(!connection.isClosedByServer)
            try await eventually("the connection, idle at last, is closed") { connection.isClosedByServer ? true : nil }
        }
    }

    @Test func aConnectionAnsweredBeforeItsBodyEndedStillGetsADeadline() async throws {
        try await ServiceWorld.run(Self.timeout) { world in
            let connection = try RawConnection(port: world.baseURL.port!)
            // The route answers without reading the body; the body's last byte comes after.
            connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\n")
            #expect(try await connection.read(until: "ok").contains("HTTP/1.1 200"))
            connection.send("x")
            try await eventually("the idle connection is closed") { connection.isClosedByServer ? true : nil }
        }
    }

    @Test func aClientDrippingItsBodyIsCutOffThoughEveryByteArrivesInTime() async throws {
        try await ServiceWorld.run(Self.timeout) { world in
            let dripping = try RawConnection(port: world.baseURL.port!)
            dripping.send("POST /webhooks/twilio/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n")
            // A byte every 100 ms resets any idle timer; only a deadline on the whole request stops it.
            var sent = 0
            while dripping.send("a"), !dripping.isClosedByServer, sent < 600 {
                sent += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(sent < 600, "still connected after a minute of dripping")
            #expect(try await Browser.get(world.baseURL.absoluteString + "/healthz").status == 200)
        }
    }

    @Test func workLongerThanTheLimitIsNotCutOff() async throws {
        // The deadline covers receiving a request, never the service's own work on it: a cancel
        // whose Google call takes twice the limit still gets its page.
        try await ServiceWorld.run(Self.timeout) { world in
            let (id, link) = try await CancelLinkTests.scheduled(in: world)
            let location = try #require(try await Browser.get(link).headers.first(name: "Location"))
            let confirm = try CancelLinkTests.confirmValue(in: try await Browser.get(location).body)
            await world.google.injectFaults([.slow(.seconds(2))])
            let done = try await Browser.post(location, form: [("confirm", confirm)],
                                              headers: [("Origin", world.baseURL.absoluteString)])
            #expect(done.status == 200)
            #expect(await world.event(id)?.isDeleted == true)
        }
    }
}
