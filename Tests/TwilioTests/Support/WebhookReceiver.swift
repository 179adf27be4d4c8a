import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization
import Twilio

/// A small HTTP server on 127.0.0.1 standing in for this service's webhook routes: it records
/// every request and answers inbound messages with TwiML, as the real routes will.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let path: String
        let signature: String?
        let fields: [(String, String)]

        func field(_ name: String) -> String? { fields.last { $0.0 == name }?.1 }
    }

    static let twiML = #"<?xml version="1.0" encoding="UTF-8"?><Response><Message>Got it</Message></Response>"#

    let baseURL: URL
    private let log: Log
    private let services: ServiceGroup
    private let server: Task<Void, any Error>

    private init(port: Int, log: Log, services: ServiceGroup, server: Task<Void, any Error>) {
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
        self.log = log
        self.services = services
        self.server = server
    }

    /// Every request so far, in the order it arrived.
    var requests: [Received] { log.all }

    func url(_ path: String) -> URL { baseURL.appendingPathComponent(path) }

    /// A receiver that lives for the duration of `body`.
    static func run<Value>(_ body: (WebhookReceiver) async throws -> Value) async throws -> Value {
        let receiver = try await start()
        do {
            let result = try await body(receiver)
            await receiver.stop()
            return result
        } catch {
            await receiver.stop()
            throw error
        }
    }

    private static func start() async throws -> WebhookReceiver {
        let log = Log()
        let router = Router()
        router.post("**") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let record = Received(
                path: request.uri.path, signature: request.headers[.init("X-Twilio-Signature")!],
                fields: FormBody.parse(String(decoding: body.readableBytesView, as: UTF8.self)))
            log.append(record)
            guard record.path.hasSuffix("/inbound") else { return Response(status: .ok) }
            return Response(status: .ok, headers: [.contentType: "text/xml"], body: .init(byteBuffer: ByteBuffer(string: twiML)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "WebhookReceiver"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            })
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        let server = Task {
            defer { continuation.finish() }
            try await services.run()
        }
        for await port in ports where port > 0 {
            return WebhookReceiver(port: port, log: log, services: services, server: server)
        }
        server.cancel()
        _ = await server.result
        throw ReceiverStartError()
    }

    private func stop() async {
        await services.triggerGracefulShutdown()
        _ = await server.result
    }

    deinit {
        server.cancel()
    }

    private final class Log: Sendable {
        private let records = Mutex<[Received]>([])

        var all: [Received] { records.withLock { $0 } }

        func append(_ record: Received) {
            records.withLock { $0.append(record) }
        }
    }

    struct ReceiverStartError: Error {}
}
