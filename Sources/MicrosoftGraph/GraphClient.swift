public import AsyncHTTPClient
public import ClientSupport
public import Foundation
public import Logging
import OAuth

/// The Microsoft Graph v1.0 calls this service makes on a mailbox's calendar, each with a time
/// limit and retried with backoff on throttling (`429`, honouring `Retry-After`), server errors
/// and time-outs. Every method throws `GraphError` only.
public struct GraphClient: Sendable {
    public static let productionURL = URL(string: "https://graph.microsoft.com/v1.0")!

    public let baseURL: URL
    let tokens: any GraphTokenSource
    let exchange: APIExchange
    let retry: CallRetryPolicy
    let logger: Logger

    public init(baseURL: URL, tokens: any GraphTokenSource, httpClient: HTTPClient, retry: CallRetryPolicy = .standard,
                requestTimeout: Duration = .seconds(30), logger: Logger) {
        self.baseURL = baseURL
        self.tokens = tokens
        exchange = APIExchange(api: "microsoft", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: 32 * 1024 * 1024)
        self.retry = retry
        self.logger = logger
    }

    /// `users/{mailbox}` for an organisation's mailbox, `me` for a connected account.
    public static func owner(_ mailbox: String) -> String {
        mailbox == "me" ? "me" : "users/" + (mailbox.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? mailbox)
    }

    // MARK: Events

    /// Every change in the window since `deltaLink`, or, without one, every event in it (a
    /// `calendarView/delta` walked page by page), with the delta link for next time.
    public func changes(mailbox: String, deltaLink: String?, window: DateInterval) async throws -> (events: [GraphEvent], deltaLink: String) {
        var url = deltaLink ?? url(Self.owner(mailbox) + "/calendarView/delta", query: [
            ("startDateTime", Self.utc(window.start)), ("endDateTime", Self.utc(window.end)),
        ])
        var events: [GraphEvent] = []
        for _ in 0..<10_000 {
            let page = try decode(DeltaPage.self, from: await call("GET", url: url, headers: Self.readHeaders))
            events += page.value
            if let next = page.nextLink {
                url = next
            } else if let delta = page.deltaLink {
                return (events, delta)
            } else {
                throw GraphError.invalidResponse("a delta page with neither @odata.nextLink nor @odata.deltaLink")
            }
        }
        throw GraphError.invalidResponse("more than 10,000 delta pages")
    }

    public func event(mailbox: String, id: String) async throws -> GraphEvent {
        try decode(GraphEvent.self, from: await call("GET", url: url(Self.owner(mailbox) + "/events/" + Self.segment(id)), headers: Self.readHeaders))
    }

    /// Writes `fields` (Graph's JSON) with `If-Match`: a `412` means the host changed the event.
    public func patchEvent(mailbox: String, id: String, fields: [String: Any], ifMatch etag: String?) async throws -> GraphEvent {
        var headers = Self.readHeaders
        if let etag { headers.append(("If-Match", etag)) }
        let body = try JSONSerialization.data(withJSONObject: fields)
        return try decode(GraphEvent.self, from: await call("PATCH", url: url(Self.owner(mailbox) + "/events/" + Self.segment(id)), headers: headers, body: body))
    }

    /// Deletes an event; one already gone counts as deleted.
    public func deleteEvent(mailbox: String, id: String, ifMatch etag: String?) async throws {
        do {
            _ = try await call("DELETE", url: url(Self.owner(mailbox) + "/events/" + Self.segment(id)), headers: etag.map { [("If-Match", $0)] } ?? [])
        } catch {
            guard error.isNotFound else { throw error }
        }
    }

    /// Creates an event in the mailbox's default calendar; `transactionId` makes a retried
    /// create return the event the first one made.
    public func createEvent(mailbox: String, fields: [String: Any]) async throws -> GraphEvent {
        let body = try JSONSerialization.data(withJSONObject: fields)
        return try decode(GraphEvent.self, from: await call("POST", url: url(Self.owner(mailbox) + "/calendar/events"), headers: Self.readHeaders, body: body))
    }

    /// Busy periods from `getSchedule` (anything but `free` and `workingElsewhere`).
    public func busyTimes(mailbox: String, in range: DateInterval) async throws -> [DateInterval] {
        let body = try JSONSerialization.data(withJSONObject: [
            "schedules": [mailbox == "me" ? "" : mailbox].filter { !$0.isEmpty },
            "startTime": ["dateTime": Self.wall(range.start), "timeZone": "UTC"],
            "endTime": ["dateTime": Self.wall(range.end), "timeZone": "UTC"],
            "availabilityViewInterval": 15,
        ] as [String: Any])
        let data = try await call("POST", url: url(Self.owner(mailbox) + "/calendar/getSchedule"), headers: [("Prefer", "outlook.timezone=\"UTC\"")], body: body)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let schedules = object["value"] as? [[String: Any]] else { throw GraphError.invalidResponse("getSchedule answer without value") }
        // A schedule Graph could not read comes back as an `error` in its entry, with 200 overall:
        // read as free it would let a slot be booked over another client (found by review).
        if let failed = schedules.first(where: { $0["error"] != nil }), let error = failed["error"] as? [String: Any] {
            throw GraphError.api(status: 200, code: error["responseCode"] as? String ?? "ScheduleError", message: error["message"] as? String ?? "")
        }
        return schedules.flatMap { ($0["scheduleItems"] as? [[String: Any]]) ?? [] }.compactMap { item in
            guard let status = item["status"] as? String, !["free", "workingElsewhere"].contains(status),
                  let start = (item["start"] as? [String: Any]).flatMap(Self.instant), let end = (item["end"] as? [String: Any]).flatMap(Self.instant)
            else { return nil }
            return DateInterval(start: start, end: max(start, end))
        }
    }

    /// The signed-in account's mailbox address (`GET /me`: `mail`, else `userPrincipalName`),
    /// with delegated permissions; its calendar is then read as `users/{address}`.
    public func signedInAddress() async throws -> String {
        let data = try await call("GET", url: url("me", query: [("$select", "mail,userPrincipalName")]))
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard let address = (object?["mail"] as? String).flatMap({ $0.isEmpty ? nil : $0 }) ?? object?["userPrincipalName"] as? String
        else { throw GraphError.invalidResponse("/me without mail or userPrincipalName") }
        return address.lowercased()
    }

    /// The mailbox's default calendar's name, and whether the app may write to it (`check`).
    public func defaultCalendar(mailbox: String) async throws -> (name: String, canEdit: Bool) {
        let data = try await call("GET", url: url(Self.owner(mailbox) + "/calendar"))
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return (object?["name"] as? String ?? "Calendar", object?["canEdit"] as? Bool ?? false)
    }

    // MARK: Categories

    /// The mailbox's master category names.
    public func categoryNames(mailbox: String) async throws -> [String] {
        let data = try await call("GET", url: url(Self.owner(mailbox) + "/outlook/masterCategories"))
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return ((object?["value"] as? [[String: Any]]) ?? []).compactMap { $0["displayName"] as? String }
    }

    /// Adds a category to the master list; one already there (`409`) counts as added.
    public func addCategory(mailbox: String, name: String, color: String) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["displayName": name, "color": color])
        do {
            _ = try await call("POST", url: url(Self.owner(mailbox) + "/outlook/masterCategories"), body: body)
        } catch {
            guard error.status == 409 else { throw error }
        }
    }

    // MARK: Subscriptions

    /// Not retried within the call: a create that worked but answered late would leave a second
    /// subscription nobody keeps; the keeper tries again on its own schedule.
    public func subscribe(_ subscription: GraphSubscription) async throws -> GraphSubscription {
        try decode(GraphSubscription.self, from: await call("POST", url: url("subscriptions"), body: JSONEncoder().encode(subscription), retrying: false))
    }

    public func renew(subscriptionID: String, until expiry: Date) async throws -> GraphSubscription {
        let body = try JSONSerialization.data(withJSONObject: ["expirationDateTime": Self.utc(expiry)])
        return try decode(GraphSubscription.self, from: await call("PATCH", url: url("subscriptions/" + Self.segment(subscriptionID)), body: body))
    }

    /// Ends a subscription; one already gone counts as ended.
    public func unsubscribe(subscriptionID: String) async throws {
        do {
            _ = try await call("DELETE", url: url("subscriptions/" + Self.segment(subscriptionID)))
        } catch {
            guard error.isNotFound else { throw error }
        }
    }

    // MARK: Requests

    /// Times in UTC and bodies as text, whatever the mailbox's own zone and format.
    static let readHeaders = [("Prefer", "outlook.timezone=\"UTC\""), ("Prefer", "outlook.body-content-type=\"text\"")]

    func url(_ path: String, query: [(String, String)] = []) -> String {
        var url = baseURL.absoluteString.trimmingSuffixSlash + "/" + path
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&") }
        return url
    }

    static func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? id
    }

    /// Sends one call, with retries, and returns the body of its `2xx` answer.
    func call(_ method: String, url: String, headers: [(String, String)] = [], body: Data? = nil, retrying: Bool = true) async throws(GraphError) -> Data {
        var headers = headers
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let (exchange, tokens) = (exchange, tokens)
        return try await (retrying ? retry : .never).run("Microsoft \(method) \(URL(string: url)?.path ?? url)", logger: logger, retryingWhen: \.isRetryable) {
            () async throws(RetryableFailure<GraphError>) -> Data in
            let answer: APIExchange.Answer
            do throws(GraphError) {
                let token = try await tokens.token()
                let first = try await exchange.microsoft(url: url, method: method, headers: headers + [("Authorization", "Bearer \(token)")], body: body)
                if first.status == 401 || first.status == 403 {
                    // A token revoked early, or one minted before an administrator granted a
                    // permission (a token keeps the roles it was made with): one more go with a fresh one.
                    await tokens.invalidate(token)
                    let renewed = try await tokens.token()
                    answer = try await exchange.microsoft(url: url, method: method, headers: headers + [("Authorization", "Bearer \(renewed)")], body: body)
                } else {
                    answer = first
                }
            } catch {
                throw RetryableFailure(error)
            }
            guard answer.isSuccess else {
                throw RetryableFailure(GraphError.from(status: answer.status, body: answer.body), retryAfter: answer.retryAfter())
            }
            return answer.body
        }
    }

    func decode<Value: Decodable>(_ type: Value.Type, from body: Data) throws(GraphError) -> Value {
        try JSONAnswer.decode(type, from: body, or: GraphError.invalidResponse)
    }

    // MARK: Times

    /// `2026-12-07T10:00:00Z`, as query parameters take them.
    public static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// `2026-12-07T10:00:00.0000000`, a wall time for a `{dateTime, timeZone: "UTC"}` pair.
    public static func wall(_ date: Date) -> String {
        String(utc(date).dropLast()) + ".0000000"
    }

    /// Reads `{dateTime, timeZone}`; the service asks for UTC, and other zones are read by name.
    public static func instant(_ time: [String: Any]) -> Date? {
        guard let text = time["dateTime"] as? String else { return nil }
        return instant(dateTime: text, timeZone: time["timeZone"] as? String ?? "UTC")
    }

    public static func instant(dateTime text: String, timeZone: String) -> Date? {
        let trimmed = text.split(separator: ".").first.map(String.init) ?? text
        var components = DateComponents()
        let parts = trimmed.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        guard parts.count == 6 else { return nil }
        (components.year, components.month, components.day, components.hour, components.minute, components.second) =
            (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}

extension String {
    var trimmingSuffixSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
