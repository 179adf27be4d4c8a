import AsyncHTTPClient
import Foundation
import NIOCore

/// A push channel the Google emulator opened with `events.watch`.
public struct EmulatedChannel: Sendable, Equatable {
    public var id: String
    public var calendarID: String
    public var token: String?
    public var address: URL
    public var resourceID: String
    public var expiration: Date
    public var stopped = false
    /// `X-Goog-Message-Number` of the last notification: 1 is the `sync`, then one more each.
    public var messageNumber = 0

    func isLive(at now: Date) -> Bool { !stopped && expiration > now }
}

/// One notification the emulator posted (or dropped on purpose), and the answer it got.
public struct PostedNotification: Sendable, Equatable {
    public var channelID: String
    public var state: String
    public var messageNumber: Int
    /// The receiver's HTTP status; nil when dropped or when the post failed.
    public var responseStatus: Int?
}

/// Google's push notifications as the emulator gives them (DESIGN.md §10, §17): channels opened by
/// `events.watch` with a ttl (capped, so that tests see expiry), stopped by `channels.stop`, a
/// `sync` notification first, then `exists` on every change of the calendar, each an empty POST
/// with the `X-Goog-*` headers and a growing message number. A notification can be lost on purpose.
actor PushHub {
    private var channels: [String: EmulatedChannel] = [:]
    /// The longest life granted, whatever the ttl asked; Google's own cap for events is a month.
    private var maxLifetime: TimeInterval = 30 * 86_400
    private var toDrop = 0
    let runs = WebhookRuns<PostedNotification>()
    private let httpClient: HTTPClient

    init(httpClient: HTTPClient = .shared) {
        self.httpClient = httpClient
    }

    func setMaxLifetime(_ seconds: TimeInterval) {
        maxLifetime = seconds
    }

    func dropNext(_ count: Int) {
        toDrop += count
    }

    var all: [EmulatedChannel] { Array(channels.values) }

    /// Opens a channel and posts its `sync` notification; a reused channel id is refused, as Google does.
    func watch(calendarID: String, id: String, token: String?, address: URL, ttl: TimeInterval?) throws(GoogleErrorReply) -> EmulatedChannel {
        guard channels[id] == nil else { throw .badRequest("Channel id \(id) not unique", reason: "channelIdNotUnique") }
        guard address.scheme == "https" || address.host == "127.0.0.1" || address.host == "localhost" else {
            throw .badRequest("WebHook callback must be HTTPS: \(address.absoluteString)", reason: "push.webhookUrlNotHttps")
        }
        let channel = EmulatedChannel(
            id: id, calendarID: calendarID, token: token, address: address, resourceID: RandomText.base32hex(count: 19),
            expiration: Date().addingTimeInterval(min(ttl ?? 7 * 86_400, maxLifetime)))
        channels[id] = channel
        notify(id, state: "sync")
        return channels[id] ?? channel
    }

    func stop(id: String, resourceID: String) throws(GoogleErrorReply) {
        guard let channel = channels[id], channel.resourceID == resourceID, !channel.stopped else {
            throw .notFound()
        }
        channels[id]?.stopped = true
    }

    /// The calendar changed: every live channel on it hears `exists`.
    func changed(calendarID: String) {
        for channel in channels.values where channel.calendarID == calendarID && channel.isLive(at: Date()) {
            notify(channel.id, state: "exists")
        }
    }

    private func notify(_ id: String, state: String) {
        guard var numbered = channels[id] else { return }
        numbered.messageNumber += 1
        channels[id] = numbered
        let channel = numbered
        let posted = PostedNotification(channelID: id, state: state, messageNumber: channel.messageNumber, responseStatus: nil)
        guard toDrop == 0 else {
            toDrop -= 1
            runs.record(posted)
            return
        }
        let client = httpClient
        let runs = runs
        runs.start {
            var request = HTTPClientRequest(url: channel.address.absoluteString)
            request.method = .POST
            request.headers.add(name: "X-Goog-Channel-ID", value: channel.id)
            if let token = channel.token { request.headers.add(name: "X-Goog-Channel-Token", value: token) }
            request.headers.add(name: "X-Goog-Channel-Expiration", value: Self.httpDate(channel.expiration))
            request.headers.add(name: "X-Goog-Resource-ID", value: channel.resourceID)
            request.headers.add(name: "X-Goog-Resource-URI",
                                value: "https://www.googleapis.com/calendar/v3/calendars/\(channel.calendarID)/events?alt=json")
            request.headers.add(name: "X-Goog-Resource-State", value: state)
            request.headers.add(name: "X-Goog-Message-Number", value: String(posted.messageNumber))
            request.headers.add(name: "Content-Length", value: "0")
            var result = posted
            if let response = try? await client.execute(request, timeout: .seconds(10)) {
                result.responseStatus = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 64 * 1024)
            }
            runs.record(result)
        }
    }

    /// `Tue, 08 Dec 2026 10:00:00 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
