import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore

/// Graph change-notification subscriptions (DESIGN.md §23.1): created only after the
/// notification URL (and the lifecycle URL) answer the validation request with the token in
/// `text/plain` within 10 s; at most 10,080 minutes for events; on every change to a subscribed
/// mailbox's events, a notification with the subscription's `clientState` is posted.
actor SubscriptionHub {
    struct Subscription {
        var id: String
        var resource: String
        var changeTypes: Set<String>
        var notificationURL: String
        var lifecycleURL: String?
        var expiration: Date
        var clientState: String?
    }

    /// One notification posted, and the status the service answered (nil: no answer).
    struct Delivery: Sendable {
        public let subscriptionID: String
        public let body: String
        public let status: Int?
    }

    static let maxMinutes = 10_080
    let tenantID: String
    private(set) var subscriptions: [String: Subscription] = [:]
    /// Set by a test: the next subscription is ended (`subscriptionRemoved`, answered) before its
    /// creation is answered, as Graph may do under load.
    var endNextBeforeAnswering = false
    let runs = WebhookRuns<Delivery>()

    init(tenantID: String) {
        self.tenantID = tenantID
    }

    func create(_ fields: [String: Any]) async throws -> Response {
        guard let resource = fields["resource"] as? String, let url = fields["notificationUrl"] as? String,
              let changeType = fields["changeType"] as? String, let expiry = (fields["expirationDateTime"] as? String).flatMap(GraphTime.parse)
        else { throw GraphErrorReply.badRequest("resource, notificationUrl, changeType and expirationDateTime are required") }
        guard expiry > Date(), expiry <= Date().addingTimeInterval(TimeInterval(Self.maxMinutes * 60 + 60)) else {
            throw GraphErrorReply(status: 400, code: "InvalidRequest",
                                  message: "Subscription expiration can only be 10070 minutes in the future.")
        }
        let lifecycle = fields["lifecycleNotificationUrl"] as? String
        for address in [url] + (lifecycle.map { [$0] } ?? []) {
            guard await Self.validates(address) else {
                throw GraphErrorReply(status: 400, code: "ValidationError",
                                      message: "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.")
            }
        }
        let subscription = Subscription(id: UUID().uuidString.lowercased(), resource: resource,
                                        changeTypes: Set(changeType.split(separator: ",").map { String($0) }), notificationURL: url,
                                        lifecycleURL: lifecycle, expiration: expiry, clientState: fields["clientState"] as? String)
        subscriptions[subscription.id] = subscription
        let answer = JSONReply.response(status: 201, object: json(subscription))
        if endNextBeforeAnswering {
            endNextBeforeAnswering = false
            self.lifecycle("subscriptionRemoved", subscriptionID: subscription.id)
            await runs.settled()
        }
        return answer
    }

    func setEndNextBeforeAnswering() {
        endNextBeforeAnswering = true
    }

    func renew(_ id: String, _ fields: [String: Any]) throws -> Response {
        guard var subscription = subscriptions[id] else {
            throw GraphErrorReply.notFound("ResourceNotFound", "The object was not found.")
        }
        if let expiry = (fields["expirationDateTime"] as? String).flatMap(GraphTime.parse) { subscription.expiration = expiry }
        subscriptions[id] = subscription
        return JSONReply.response(status: 200, object: json(subscription))
    }

    func remove(_ id: String) throws {
        guard subscriptions.removeValue(forKey: id) != nil else {
            throw GraphErrorReply.notFound("ResourceNotFound", "The object was not found.")
        }
    }

    /// The validation request: `POST {url}?validationToken=…`, answered `200` with the token.
    static func validates(_ url: String) async -> Bool {
        let token = "Validation: Testing client application reachability for subscription Request-Id: " + UUID().uuidString
        let separator = url.contains("?") ? "&" : "?"
        // Form-encoded, as Graph sends it: spaces as `+`.
        let encoded = FormText.text([("", token)]).dropFirst().replacingOccurrences(of: "%20", with: "+")
        var request = HTTPClientRequest(url: url + separator + "validationToken=" + encoded)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)), response.status == .ok,
              let body = try? await response.body.collect(upTo: 64 * 1024) else { return false }
        return String(buffer: body) == token
    }

    /// Posts a notification to every live subscription on `mailbox`'s events that wants `changeType`.
    func changed(mailbox: String, eventID: String, changeType: String) {
        for subscription in subscriptions.values where subscription.expiration > Date() && subscription.changeTypes.contains(changeType)
            && subscription.resource.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "/")) == "users/\(mailbox)/events" {
            let resource = "Users/\(mailbox)/Events/\(eventID)"
            post(to: subscription.notificationURL, subscription: subscription.id, object: ["value": [[
                "subscriptionId": subscription.id, "subscriptionExpirationDateTime": GraphTime.utc(subscription.expiration),
                "changeType": changeType, "resource": resource, "clientState": subscription.clientState as Any, "tenantId": tenantID,
                "resourceData": ["@odata.type": "#Microsoft.Graph.Event", "@odata.id": resource, "id": eventID],
            ]]])
        }
    }

    /// A lifecycle notification (`reauthorizationRequired`, `subscriptionRemoved`, `missed`);
    /// `subscriptionRemoved` also ends the subscription, as Graph does.
    func lifecycle(_ event: String, subscriptionID: String, clientState override: String? = nil) {
        guard let subscription = subscriptions[subscriptionID], let url = subscription.lifecycleURL else { return }
        if event == "subscriptionRemoved" { subscriptions[subscriptionID] = nil }
        post(to: url, subscription: subscriptionID, object: ["value": [[
            "subscriptionId": subscriptionID, "subscriptionExpirationDateTime": GraphTime.utc(subscription.expiration),
            "lifecycleEvent": event, "clientState": override ?? subscription.clientState as Any, "tenantId": tenantID,
            "resource": subscription.resource,
        ]]])
    }

    /// Posts with a wrong `clientState`, as a forger who knows the URL would.
    func forge(subscriptionID: String, clientState: String) {
        guard var subscription = subscriptions[subscriptionID] else { return }
        subscription.clientState = clientState
        let original = subscriptions[subscriptionID]
        subscriptions[subscriptionID] = subscription
        changed(mailbox: String(subscription.resource.split(separator: "/").dropFirst().first ?? ""), eventID: "forged", changeType: "updated")
        subscriptions[subscriptionID] = original
    }

    private func post(to url: String, subscription: String, object: [String: Any]) {
        let body = String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
        runs.start { [runs] in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
            let code: UInt? = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code
            runs.record(Delivery(subscriptionID: subscription, body: body, status: code.map { Int($0) }))
        }
    }

    private func json(_ subscription: Subscription) -> [String: Any] {
        ["@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity", "id": subscription.id,
         "resource": subscription.resource, "changeType": subscription.changeTypes.sorted().joined(separator: ","),
         "notificationUrl": subscription.notificationURL, "lifecycleNotificationUrl": subscription.lifecycleURL as Any,
         "expirationDateTime": GraphTime.utc(subscription.expiration), "clientState": subscription.clientState as Any,
         "applicationId": "24d3b144-21ae-4080-943f-7067b395b913", "creatorId": "8ee44408-0679-472c-bc2a-692812af3437",
         "latestSupportedTlsVersion": "v1_2"]
    }
}
