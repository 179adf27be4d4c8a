import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization

/// A small HTTP server on 127.0.0.1 standing in for this service's routes: it records every
/// request in the order it arrived, answers `…/inbound` posts with TwiML as the real route does,
/// and can hold its answers to posts back (to show that a redirect did not wait for a webhook).
public final class WebhookReceiver: Sendable {
    public struct Received: Sendable {
        public let method: String
        public let path: String
        public let query: String
        public let headers: [(String, String)]
        public let body: Data

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// Twilio's or Calendly's signature header.
        public var signature: String? {
            header("X-Twilio-Signature") ?? header("Calendly-Webhook-Signature")
        }

        /// The body as form fields, in order.
        public var fields: [(String, String)] {
            String(decoding: body, as: UTF8.self).split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    let text = $0.replacingOccurrences(of: "+", with: " ")
                    return text.removingPercentEncoding ?? text
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }

        public func field(_ name: String) -> String? { fields.last { $0.0 == name }?.1 }
    }

    public static let twiML = #"<?xml version="1.0" encoding="UTF-8"?><Response><Message>Got it</Message></Response>"#

    public let baseURL: URL
    private let log = Mutex<[Received]>([])
    private let gate = Gate()

    private init(port: Int) {
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// Every request so far, in the order it arrived.
    public var requests: [Received] { log.withLock { $0 } }
    /// The posts so far: webhooks.
    public var webhooks: [Received] { requests.filter { $0.method == "POST" } }

    public func url(_ path: String) -> URL { baseURL.appendingPathComponent(path) }

    /// Answers to posts wait until `releaseWebhooks()`.
    public func holdWebhooks() { gate.close() }
    public func releaseWebhooks() { gate.open() }

    /// A receiver on `port` (0: one the OS picks) that lives for the duration of `body`.
    public static func run<Value>(port: Int = 0, _ body: (WebhookReceiver) async throws -> Value) async throws -> Value {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let box = Mutex<WebhookReceiver?>(nil)
        let router = Router()
        router.on("**", method: .get) { request, _ in
            box.withLock { $0 }?.record(request, body: Data())
            return Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: "<p>Thanks</p>")))
        }
        router.on("**", method: .post) { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1024 * 1024)
            guard let receiver = box.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            receiver.record(request, body: Data(body.readableBytesView))
            await receiver.gate.pass()
            guard request.uri.path.hasSuffix("/inbound") else { return Response(status: .ok) }
            return Response(status: .ok, headers: [.contentType: "text/xml"], body: .init(byteBuffer: ByteBuffer(string: twiML)))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "WebhookReceiver"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            })
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        let server = Task {
            defer { continuation.finish() }
            try await services.run()
        }
        var receiver: WebhookReceiver?
        for await port in ports where port > 0 { receiver = WebhookReceiver(port: port) }
        guard let receiver else {
            server.cancel()
            _ = await server.result
            throw ReceiverStartError()
        }
        box.withLock { $0 = receiver }
        // Held answers are let go first, or the graceful shutdown would wait for them.
        let result: Result<Value, any Error>
        do {
            result = .success(try await body(receiver))
        } catch {
            result = .failure(error)
        }
        receiver.gate.open()
        await services.triggerGracefulShutdown()
        _ = await server.result
        return try result.get()
    }

    private func record(_ request: Request, body: Data) {
        let received = Received(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
            headers: request.headers.map { ($0.name.rawName, $0.value) }, body: body)
        log.withLock { $0.append(received) }
    }

    struct ReceiverStartError: Error {}
}

/// Open lets everyone through; closed makes `pass()` wait until it opens again.
private final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiting: [CheckedContinuation<Void, Never>])>((true, []))

    func close() { state.withLock { $0.isOpen = false } }

    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        waiting.forEach { $0.resume() }
    }

    func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }
}
