public import Foundation
import Hummingbird

/// Microsoft's identity platform (client credentials) and the Graph v1.0 calendar calls this
/// service makes, served in-process over real HTTP on 127.0.0.1, with a host-side API to edit
/// mailboxes, send lifecycle notifications and inject throttling. Written from Microsoft's
/// documentation: paths, error bodies and status codes are Graph's own.
public final class MicrosoftEmulator: Sendable {
    /// `http://127.0.0.1:<port>/v1.0`: `MICROSOFT_GRAPH_API_URL`.
    public let graphURL: URL
    /// `http://127.0.0.1:<port>`: `MICROSOFT_LOGIN_URL`.
    public let loginURL: URL
    public let tenantID = "8f6c5bd0-4a7e-4b6e-9d3a-1c2b3a4d5e6f"
    public let clientID = "5b1c7a52-7c9e-4c3b-8f0e-2d6a9e4b1f30"

    let store: MailboxStore
    let identity: MicrosoftIdentity
    let subscriptions: SubscriptionHub
    let faults: GraphFaults
    private let server: LoopbackServer

    private init(store: MailboxStore, identity: MicrosoftIdentity, subscriptions: SubscriptionHub, faults: GraphFaults, server: LoopbackServer) {
        graphURL = URL(string: "http://127.0.0.1:\(server.port)/v1.0")!
        loginURL = URL(string: "http://127.0.0.1:\(server.port)")!
        (self.store, self.identity, self.subscriptions, self.faults, self.server) = (store, identity, subscriptions, faults, server)
    }

    /// Starts on a free port with `mailboxes`; delta answers are cut into pages of `pageSize`.
    public static func start(mailboxes: [String], pageSize: Int = 3) async throws -> MicrosoftEmulator {
        let tenant = "8f6c5bd0-4a7e-4b6e-9d3a-1c2b3a4d5e6f"
        let subscriptions = SubscriptionHub(tenantID: tenant)
        let store = MailboxStore(pageSize: pageSize) { mailbox, id, change in
            Task { await subscriptions.changed(mailbox: mailbox, eventID: id, changeType: change) }
        }
        for mailbox in mailboxes { await store.addMailbox(mailbox) }
        let identity = MicrosoftIdentity(tenant: tenant, clientID: "5b1c7a52-7c9e-4c3b-8f0e-2d6a9e4b1f30",
                                         clientSecret: "test-secret-for-the-emulator-only", onConsent: { await store.addMailbox($0) })
        let faults = GraphFaults()
        let router = Router()
        identity.add(to: router)
        GraphRoutes(store: store, identity: identity, subscriptions: subscriptions, faults: faults).add(to: router)
        let server = try await LoopbackServer.start(router, name: "Microsoft")
        return MicrosoftEmulator(store: store, identity: identity, subscriptions: subscriptions, faults: faults, server: server)
    }

    public func stop() async {
        await subscriptions.runs.close()
        await server.stop()
    }

    deinit {
        subscriptions.runs.cancelAll()
        server.cancel()
    }

    /// `MICROSOFT_*` settings for a service using this emulator's app and `mailboxes`.
    public func settings(calendars mailboxes: [String]) async -> [String: String] {
        ["MICROSOFT_CLIENT_ID": clientID, "MICROSOFT_CLIENT_SECRET": await identity.clientSecret, "MICROSOFT_TENANT_ID": tenantID,
         "MICROSOFT_CALENDARS": mailboxes.joined(separator: ","), "MICROSOFT_GRAPH_API_URL": graphURL.absoluteString,
         "MICROSOFT_LOGIN_URL": loginURL.absoluteString]
    }

    // MARK: The host, in Outlook

    @discardableResult
    public func createEvent(in mailbox: String, subject: String, start: Date, end: Date, location: String, body: String = "",
                            timeZone: String = "UTC") async throws -> String {
        try await store.create(in: mailbox) { id in
            var event = OutlookEvent(id: id, subject: subject, body: body, location: location, start: start, end: end)
            event.originalStartTimeZone = timeZone
            return event
        }.id
    }

    /// A weekly series of `weeks` sessions from `start`; returns the master's id.
    @discardableResult
    public func createWeeklySeries(in mailbox: String, subject: String, start: Date, end: Date, weeks: Int, location: String) async throws -> String {
        try await store.createSeries(in: mailbox) { id in
            var master = OutlookEvent(id: id, subject: subject, body: "", location: location, start: start, end: end)
            master.type = "seriesMaster"
            master.weeks = weeks
            return master
        }.id
    }

    /// The series' occurrences as Outlook shows them now (exceptions in place, cancelled ones gone).
    public func occurrences(of masterID: String, in mailbox: String) async -> [OutlookEvent] {
        let master = await store.allEvents(in: mailbox).first { $0.id == masterID }
        guard let master else { return [] }
        var shown: [OutlookEvent] = []
        for occurrence in MailboxStore.expand(master) {
            if let current = await event(occurrence.id, in: mailbox) { shown.append(current) }
        }
        return shown
    }

    public func moveEvent(_ id: String, in mailbox: String, start: Date, end: Date) async throws {
        _ = try await store.edit(id, in: mailbox, ifMatch: nil) { event in
            event.start = start
            event.end = end
        }
    }

    public func setLocation(of id: String, in mailbox: String, to location: String) async throws {
        _ = try await store.edit(id, in: mailbox, ifMatch: nil) { $0.location = location }
    }

    public func deleteEvent(_ id: String, in mailbox: String) async throws {
        _ = try await store.edit(id, in: mailbox, ifMatch: nil, deleting: true) { _ in }
    }

    /// The event as Outlook holds it; nil once deleted.
    public func event(_ id: String, in mailbox: String) async -> OutlookEvent? {
        try? await store.event(id, in: mailbox)
    }

    public func events(in mailbox: String) async -> [OutlookEvent] {
        await store.allEvents(in: mailbox)
    }

    public func categories(of mailbox: String) async -> [(name: String, color: String)] {
        (try? await store.categories(of: mailbox)) ?? []
    }

    // MARK: Faults and notifications

    /// The next `count` Graph calls answer `429` with `Retry-After: seconds`.
    public func throttle(next count: Int, retryAfter seconds: Int = 1) async {
        await faults.throttle(next: count, retryAfter: seconds)
    }

    /// An administrator makes a new client secret: the configured one stops working.
    @discardableResult
    public func rotateClientSecret() async -> String {
        await identity.rotateSecret()
    }

    /// Every delta link made so far answers `410 SyncStateNotFound`.
    public func forgetDeltaTokens() async {
        await store.forgetDeltaTokens()
    }

    public var subscriptionIDs: [String] {
        get async { await subscriptions.subscriptions.keys.sorted() }
    }

    public func subscriptionExpiry(_ id: String) async -> Date? {
        await subscriptions.subscriptions[id]?.expiration
    }

    public func sendLifecycle(_ event: String, subscriptionID: String) async {
        await subscriptions.lifecycle(event, subscriptionID: subscriptionID)
    }

    /// The next subscription is removed (its `subscriptionRemoved` posted and answered) before
    /// its creation is answered.
    public func endNextSubscriptionBeforeAnswering() async {
        await subscriptions.setEndNextBeforeAnswering()
    }

    /// A notification with a wrong `clientState`, as a forger would post it.
    public func forgeNotification(subscriptionID: String) async {
        await subscriptions.forge(subscriptionID: subscriptionID, clientState: "not-the-secret")
    }

    /// The statuses the service answered to notifications, in order.
    public var notificationStatuses: [Int?] { subscriptions.runs.posted.map(\.status) }

    /// What the service answered to the forged notifications (`forgeNotification`), in order: the
    /// service's own write-backs bring genuine ones too, in any order around them.
    public var forgedNotificationStatuses: [Int?] {
        subscriptions.runs.posted.filter { $0.body.contains("\"forged\"") }.map(\.status)
    }

    public func notificationsSettled() async {
        await subscriptions.runs.settled()
    }

    public var tokenRequests: Int {
        get async { await identity.tokenRequests }
    }
}
