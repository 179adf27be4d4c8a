import AsyncHTTPClient
import Foundation

/// An `invitee.created` webhook ready to go; it is signed when it leaves, as Calendly signs
/// with the time of sending.
struct PendingCalendlyWebhook: Sendable {
    let url: URL
    let inviteeUUID: String
    let body: Data
}

/// Posts Calendly's webhooks, each in its own task, and keeps count so that tests can wait until
/// every webhook has been answered.
final class CalendlyWebhookCourier: PostsWebhooks {
    /// Calendly gives up on a webhook after a few seconds; ten leaves a slow test machine room.
    static let timeout: Int64 = 10

    let runs = WebhookRuns<PostedCalendlyWebhook>()
    private let httpClient: HTTPClient
    let signingKey: String

    init(httpClient: HTTPClient, signingKey: String) {
        self.httpClient = httpClient
        self.signingKey = signingKey
    }

    var posted: [PostedCalendlyWebhook] { runs.posted }

    /// Starts posting `webhook`; returns at once.
    func deliver(_ webhook: PendingCalendlyWebhook) {
        runs.start { [self] in await send(webhook) }
    }

    /// Posts `webhook`, signed now, records the answer, and returns the receiver's status.
    @discardableResult
    func send(_ webhook: PendingCalendlyWebhook) async -> Int? {
        let signature = CalendlyWire.signatureHeader(body: webhook.body, signingKey: signingKey, at: Date())
        let status = try? await post(webhook.body, to: webhook.url, signature: signature)
        let record = PostedCalendlyWebhook(url: webhook.url, inviteeUUID: webhook.inviteeUUID, body: webhook.body, signature: signature, responseStatus: status)
        runs.record(record)
        return status
    }

    /// Posts a JSON body with the given signature header (none when nil) and returns the status.
    func post(_ body: Data, to url: URL, signature: String?) async throws -> Int {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "Calendly-Webhooks")
        if let signature { request.headers.add(name: "Calendly-Webhook-Signature", value: signature) }
        request.body = .bytes(Array(body))
        let response = try await httpClient.execute(request, timeout: .seconds(Self.timeout))
        _ = try await response.body.collect(upTo: 1024 * 1024)
        return Int(response.status.code)
    }
}
