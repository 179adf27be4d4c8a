import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization

/// A small HTTP server on 127.0.0.1 standing in for this service's `/confirm` and
/// `/webhooks/calendly` routes: it records every request in the order it arrived. Webhook
/// answers can be held back, to show that a redirect did not wait for one.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let method: String
        let path: String
        let query: String
        let signature: String?
        let body: Data
    }

    let baseURL: URL
    private let log = Mutex<[Received]>([])
    private let gate = Gate()

    private init(port: Int) {
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// Every request so far, in the order it arrived.
    var requests: [Received] { log.withLock { $0 } }
    var webhooks: [Received] { requests.filter { $0.method == "POST" } }

    func url(_ path: String) -> URL { baseURL.appendingPathComponent(path) }

    /// Answers to webhooks wait until `releaseWebhooks()`.
    func holdWebhooks() { gate.close() }
    func releaseWebhooks() { gate.open() }

    /// A receiver that lives for the duration of `body`.
    static func run<Value>(_ body: (WebhookReceiver) async throws -> Value) async throws -> Value {
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
            return Response(status: .ok)
        }
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
            signature: request.headers[.init("Calendly-Webhook-Signature")!], body: body)
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
