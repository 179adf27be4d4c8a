import AsyncHTTPClient
import Foundation

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
final class WebhookCourier: PostsWebhooks {
    /// Twilio gives up on a webhook after 15 seconds.
    static let timeout: Duration = .seconds(15)

    let runs = WebhookRuns<PostedCallback>()
    private let httpClient: HTTPClient

    init(httpClient: HTTPClient) {
        self.httpClient = httpClient
    }

    var posted: [PostedCallback] { runs.posted }

    /// Starts posting `callbacks` in order; returns at once.
    func deliver(_ callbacks: [(webhook: SignedWebhook, sid: String, status: String)]) {
        guard !callbacks.isEmpty else { return }
        runs.start { [self] in
            for callback in callbacks where !Task.isCancelled {
                let answer = try? await post(callback.webhook)
                runs.record(PostedCallback(url: callback.webhook.url, messageSID: callback.sid, status: callback.status,
                                           responseStatus: answer?.status))
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
}
