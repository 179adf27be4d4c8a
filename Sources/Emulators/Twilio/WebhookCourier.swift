import AsyncHTTPClient
import Foundation
import Synchronization

/// A webhook ready to post: where, the form fields, and Twilio's signature over both.
struct SignedWebhook: Sendable {
    let url: URL
    let fields: [(String, String)]
    let signature: String
}

/// A status callback the emulator posted, and what the receiver answered.
public struct PostedCallback: Sendable, Equatable {
    public let url: URL
    public let messageSID: String
    public let status: String
    /// The receiver's HTTP status; nil when no answer came (nothing listening, time-out).
    public let responseStatus: Int?
}

/// Posts webhooks the way Twilio does, each message's callbacks one after another in their own
/// task, and keeps count so that tests can wait until every callback has been answered.
final class WebhookCourier: Sendable {
    /// Twilio gives up on a webhook after 15 seconds.
    static let timeout: Duration = .seconds(15)

    private struct State {
        var running: [Int: Task<Void, Never>] = [:]
        var nextID = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var posted: [PostedCallback] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let httpClient: HTTPClient

    init(httpClient: HTTPClient) {
        self.httpClient = httpClient
    }

    var posted: [PostedCallback] { state.withLock { $0.posted } }

    /// Starts posting `callbacks` in order; returns at once.
    func deliver(_ callbacks: [(webhook: SignedWebhook, sid: String, status: String)]) {
        guard !callbacks.isEmpty else { return }
        state.withLock { current in
            guard !current.closed else { return }
            let id = current.nextID
            current.nextID += 1
            // The lock is held until the task is stored, so its own `finish` always finds it.
            current.running[id] = Task { [self] in
                for callback in callbacks where !Task.isCancelled {
                    let answer = try? await post(callback.webhook)
                    let record = PostedCallback(url: callback.webhook.url, messageSID: callback.sid, status: callback.status, responseStatus: answer?.status)
                    state.withLock { $0.posted.append(record) }
                }
                finish(id)
            }
        }
    }

    /// Posts one webhook and returns the receiver's answer.
    func post(_ webhook: SignedWebhook) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: webhook.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
        request.headers.add(name: "X-Twilio-Signature", value: webhook.signature)
        request.headers.add(name: "User-Agent", value: "TwilioProxy/1.1")
        request.body = .bytes(Array(TwilioWire.formText(webhook.fields).utf8))
        let response = try await httpClient.execute(request, timeout: .seconds(Self.timeout.components.seconds))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        return (Int(response.status.code), String(decoding: body.readableBytesView, as: UTF8.self))
    }

    /// Returns once no callback is being posted.
    func settled() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.running.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Stops taking callbacks, cancels those under way and waits for their tasks to end.
    func close() async {
        for task in cancelAll() { await task.value }
    }

    /// Stops taking callbacks and cancels those under way, without waiting (for `deinit`).
    @discardableResult
    func cancelAll() -> [Task<Void, Never>] {
        let tasks = state.withLock { state in
            state.closed = true
            return Array(state.running.values)
        }
        tasks.forEach { $0.cancel() }
        return tasks
    }

    private func finish(_ id: Int) {
        let waiters = state.withLock { state in
            state.running[id] = nil
            guard state.running.isEmpty else { return [CheckedContinuation<Void, Never>]() }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}
