public import AsyncHTTPClient
public import ClientSupport
public import Foundation
import Synchronization

/// A CalDAV account (iCloud, Fastmail, Nextcloud, Radicale, Xandikos…) over HTTP Basic with an
/// app password: discovery (RFC 6764, 5397, 4791), changes through `sync-collection` (RFC 6578),
/// `calendar-multiget`, and conditional writes with `If-Match` / `If-None-Match`.
public struct CalDAVClient: Sendable {
    let exchange: APIExchange
    let authorization: String
    /// Counts requests and bytes when given (the sync benchmark reads it).
    let traffic: CalDAVTraffic?

    public init(username: String, password: Secret, httpClient: HTTPClient, timeout: Duration = .seconds(30),
                traffic: CalDAVTraffic? = nil) {
        exchange = APIExchange(api: "caldav", httpClient: httpClient, timeout: timeout, maxBodyBytes: 64 * 1024 * 1024)
        self.traffic = traffic
        authorization = "Basic " + Data("\(username):\(password.value)".utf8).base64EncodedString()
    }

    // MARK: Discovery

    /// The event calendars reachable from `url`: the collection itself when it is one, else the
    /// calendars of the user's calendar home, found from the server root through
    /// `/.well-known/caldav`, `current-user-principal` and `calendar-home-set`.
    public func calendars(from url: URL) async throws(CalDAVError) -> [CalDAVCalendar] {
        if let found = try await properties(of: url, depth: 0).first, found.isCalendar {
            return [found.calendar]
        }
        var principal = try await currentUserPrincipal(at: url)
        if principal == nil, url.path.isEmpty || url.path == "/" {
            principal = try await currentUserPrincipal(at: url.appendingPathComponent(".well-known/caldav"))
        }
        guard let principal else { throw .invalidResponse("no current-user-principal at \(url.absoluteString)") }
        let homeBody = """
            <d:propfind xmlns:d="DAV:" xmlns:c="\(DAV.caldav)"><d:prop><c:calendar-home-set/><c:schedule-inbox-URL/></d:prop></d:propfind>
            """
        let answer = try await multistatus("PROPFIND", principal, depth: 0, body: homeBody)
        guard let homeHref = answer.first?.properties?.descendant("calendar-home-set", DAV.caldav)?.child("href")?.trimmedText,
              let home = URL(string: homeHref, relativeTo: principal)?.absoluteURL
        else { throw .invalidResponse("no calendar-home-set for \(principal.absoluteString)") }
        var defaultPath: String?
        if let inboxHref = answer.first?.properties?.descendant("schedule-inbox-URL", DAV.caldav)?.child("href")?.trimmedText,
           let inbox = URL(string: inboxHref, relativeTo: principal)?.absoluteURL {
            defaultPath = await defaultCalendar(inbox: inbox)?.path
        }
        return try await properties(of: home, depth: 1).filter(\.isCalendar).map(\.calendar).filter(\.holdsEvents).map { calendar in
            var calendar = calendar
            calendar.isDefault = defaultPath.map { Self.samePath($0, calendar.url.path) } ?? false
            return calendar
        }
    }

    /// The account's default calendar, which RFC 6638 §9.2 puts on the scheduling inbox; nil on a
    /// server without scheduling (Radicale) or when it does not say.
    private func defaultCalendar(inbox: URL) async -> URL? {
        let body = """
            <d:propfind xmlns:d="DAV:" xmlns:c="\(DAV.caldav)"><d:prop><c:schedule-default-calendar-URL/></d:prop></d:propfind>
            """
        guard let answer = try? await multistatus("PROPFIND", inbox, depth: 0, body: body),
              let href = answer.first?.properties?.descendant("schedule-default-calendar-URL", DAV.caldav)?.child("href")?.trimmedText
        else { return nil }
        return URL(string: href, relativeTo: inbox)?.absoluteURL
    }

    /// Collection paths compare without a trailing slash and percent-encoding differences.
    static func samePath(_ a: String, _ b: String) -> Bool {
        func normal(_ path: String) -> String {
            let decoded = path.removingPercentEncoding ?? path
            return decoded.hasSuffix("/") ? String(decoded.dropLast()) : decoded
        }
        return normal(a) == normal(b)
    }

    private func currentUserPrincipal(at url: URL) async throws(CalDAVError) -> URL? {
        let body = #"<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>"#
        let answer: [DAVResponse]
        do {
            answer = try await multistatus("PROPFIND", url, depth: 0, body: body)
        } catch {
            if case .status(404, _, _) = error { return nil }
            throw error
        }
        guard let href = answer.first?.properties?.child("current-user-principal")?.child("href")?.trimmedText else { return nil }
        return URL(string: href, relativeTo: url)?.absoluteURL
    }

    private func properties(of url: URL, depth: Int) async throws(CalDAVError) -> [DAVResponse] {
        let body = """
            <d:propfind xmlns:d="DAV:" xmlns:c="\(DAV.caldav)" xmlns:cs="\(DAV.calendarServer)"><d:prop>\
            <d:resourcetype/><d:displayname/><d:sync-token/><cs:getctag/><c:supported-calendar-component-set/><c:calendar-timezone/>\
            </d:prop></d:propfind>
            """
        return try await multistatus("PROPFIND", url, depth: depth, body: body)
    }

    // MARK: Changes

    /// What changed since `token`, or, with no token, every resource of the collection with its
    /// etag. A token the server no longer accepts throws `.syncTokenInvalid`.
    public func changes(in calendar: URL, since token: String?) async throws(CalDAVError) -> CollectionChanges {
        let body = """
            <d:sync-collection xmlns:d="DAV:"><d:sync-token>\((token ?? "").xmlEscaped)</d:sync-token>\
            <d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>
            """
        let answer = try await send("REPORT", calendar, depth: nil, body: body)
        guard answer.isSuccess else {
            // RFC 6578 §3.2: an invalid token is refused with 403 (or 409) and `valid-sync-token`.
            let text = String(decoding: answer.body, as: UTF8.self)
            if token != nil, [403, 409, 400].contains(answer.status) || text.contains("valid-sync-token") { throw .syncTokenInvalid }
            throw failure(answer, "REPORT", calendar)
        }
        guard let root = DAVElement.parse(answer.body) else { throw .invalidResponse("sync-collection answer is not XML") }
        var changes = CollectionChanges(changed: [], removed: [], token: root.child("sync-token")?.trimmedText ?? "")
        for response in DAVResponse.all(in: root, base: calendar) where response.href != calendar.path(percentEncoded: true) {
            if response.status == 404 || response.status == 410 {
                changes.removed.append(response.href)
            } else if let properties = response.properties {
                changes.changed.append((response.href, properties.child("getetag")?.trimmedText))
            }
        }
        guard !changes.token.isEmpty else { throw .invalidResponse("sync-collection answer without a sync-token") }
        return changes
    }

    /// The collection's `getctag` (calendarserver.org): unchanged means nothing in it changed, so a
    /// server without `sync-collection` costs one small request a poll. Nil when it has none.
    public func ctag(of calendar: URL) async throws(CalDAVError) -> String? {
        try await properties(of: calendar, depth: 0).first?.calendar.ctag
    }

    /// Every resource of the collection with its etag (`PROPFIND` depth 1), for servers without
    /// `sync-collection`: compared with the stored etags, it gives the changes.
    public func etags(in calendar: URL) async throws(CalDAVError) -> [(href: String, etag: String?)] {
        let body = #"<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>"#
        return try await multistatus("PROPFIND", calendar, depth: 1, body: body)
            .filter { $0.href != calendar.path(percentEncoded: true) && $0.properties?.child("resourcetype")?.child("collection") == nil }
            .map { ($0.href, $0.properties?.child("getetag")?.trimmedText) }
    }

    /// The resources at `hrefs` with their etags and texts (`calendar-multiget`, RFC 4791 §7.9).
    public func resources(in calendar: URL, hrefs: [String]) async throws(CalDAVError) -> [CalendarResource] {
        guard !hrefs.isEmpty else { return [] }
        let body = """
            <c:calendar-multiget xmlns:d="DAV:" xmlns:c="\(DAV.caldav)"><d:prop><d:getetag/><c:calendar-data/></d:prop>\
            \(hrefs.map { "<d:href>\($0.xmlEscaped)</d:href>" }.joined())</c:calendar-multiget>
            """
        return try await multistatus("REPORT", calendar, depth: 1, body: body).compactMap { response in
            guard let properties = response.properties, let data = properties.child("calendar-data", DAV.caldav) else { return nil }
            return CalendarResource(href: response.href, etag: properties.child("getetag")?.trimmedText, text: data.text)
        }
    }

    /// One resource as it is now.
    public func resource(at url: URL) async throws(CalDAVError) -> CalendarResource {
        let answer = try await send("GET", url, depth: nil, body: nil, contentType: nil)
        guard answer.isSuccess else { throw failure(answer, "GET", url) }
        return CalendarResource(href: url.path(percentEncoded: true), etag: answer.headers.first(name: "ETag"), text: String(decoding: answer.body, as: UTF8.self))
    }

    // MARK: Writes

    /// Writes `text` at `url`: with `ifMatch`, only over that version; with `creating`, only when
    /// nothing is there yet. Returns the new etag when the server gives one.
    @discardableResult
    public func put(_ text: String, at url: URL, ifMatch etag: String? = nil, creating: Bool = false) async throws(CalDAVError) -> String? {
        var headers: [(String, String)] = []
        if let etag { headers.append(("If-Match", etag)) }
        if creating { headers.append(("If-None-Match", "*")) }
        let answer = try await send("PUT", url, depth: nil, body: text, contentType: "text/calendar; charset=utf-8", headers: headers)
        guard answer.isSuccess else { throw failure(answer, "PUT", url) }
        return answer.headers.first(name: "ETag")
    }

    /// Deletes the resource at `url` (only that version with `ifMatch`); one already gone counts as deleted.
    public func delete(at url: URL, ifMatch etag: String? = nil) async throws(CalDAVError) {
        let answer = try await send("DELETE", url, depth: nil, body: nil, contentType: nil, headers: etag.map { [("If-Match", $0)] } ?? [])
        guard answer.isSuccess || answer.status == 404 || answer.status == 410 else { throw failure(answer, "DELETE", url) }
    }

    /// The busy times of the calendar in `range` (`free-busy-query`, RFC 4791 §7.10); nil when the
    /// server does not support the report, so that the caller computes them from the events.
    public func busyTimes(in calendar: URL, range: DateInterval) async throws(CalDAVError) -> [DateInterval]? {
        let body = """
            <c:free-busy-query xmlns:c="\(DAV.caldav)"><c:time-range start="\(ICalendarTime.utcText(range.start))" \
            end="\(ICalendarTime.utcText(range.end))"/></c:free-busy-query>
            """
        let answer = try await send("REPORT", calendar, depth: 1, body: body)
        guard answer.isSuccess else {
            if [400, 403, 404, 405, 415, 501].contains(answer.status) { return nil }
            throw failure(answer, "REPORT", calendar)
        }
        return ICalendarFreeBusy.periods(in: String(decoding: answer.body, as: UTF8.self))
    }

    // MARK: Requests

    private func multistatus(_ method: String, _ url: URL, depth: Int?, body: String) async throws(CalDAVError) -> [DAVResponse] {
        let answer = try await send(method, url, depth: depth, body: body)
        guard answer.status == 207 else { throw failure(answer, method, url) }
        guard let root = DAVElement.parse(answer.body) else { throw .invalidResponse("\(method) \(url.path): not XML") }
        return DAVResponse.all(in: root, base: url)
    }

    private func send(_ method: String, _ url: URL, depth: Int?, body: String?, contentType: String? = "application/xml; charset=utf-8",
                      headers extra: [(String, String)] = []) async throws(CalDAVError) -> APIExchange.Answer {
        var headers = [("Authorization", authorization)] + extra
        if let depth { headers.append(("Depth", String(depth))) }
        if let contentType, body != nil { headers.append(("Content-Type", contentType)) }
        do {
            let answer = try await exchange.send(url: url.absoluteString, method: method, headers: headers, body: body.map { Data($0.utf8) })
            traffic?.record(sent: body?.utf8.count ?? 0, received: answer.body.count)
            if answer.status == 401 { throw CalDAVError.credentialsRefused(url.host ?? url.absoluteString) }
            return answer
        } catch let error as CalDAVError {
            throw error
        } catch let error as APIExchange.Failure {
            throw .transport(error.message)
        } catch {
            throw .transport("\(error)")
        }
    }

    private func failure(_ answer: APIExchange.Answer, _ method: String, _ url: URL) -> CalDAVError {
        .status(answer.status, method: method, path: url.path)
    }
}

/// Requests made and bytes of body sent and received, for measuring what a sync costs.
public final class CalDAVTraffic: Sendable {
    private let counts = Mutex((requests: 0, sent: 0, received: 0))

    public init() {}

    func record(sent: Int, received: Int) {
        counts.withLock { $0 = ($0.requests + 1, $0.sent + sent, $0.received + received) }
    }

    public var requests: Int { counts.withLock { $0.requests } }
    public var bytesSent: Int { counts.withLock { $0.sent } }
    public var bytesReceived: Int { counts.withLock { $0.received } }

    public func reset() {
        counts.withLock { $0 = (0, 0, 0) }
    }
}

/// One `response` of a `multistatus`: the resource's path, its properties found (`200` propstat),
/// and the response's own status when it has one (a removed member of a sync report).
struct DAVResponse {
    /// The resource's path on the server as the server wrote it (percent-encoded): sent back as is.
    var href: String
    /// Its whole URL.
    var url: URL
    var properties: DAVElement?
    var status: Int?

    static func all(in root: DAVElement, base: URL) -> [DAVResponse] {
        root.all("response").compactMap { response in
            guard let raw = response.child("href")?.trimmedText else { return nil }
            // Servers give paths (`/cal/x.ics`) or whole URLs; keep the path, still encoded.
            guard let url = URL(string: raw, relativeTo: base)?.absoluteURL else { return nil }
            let found = response.all("propstat").first { statusCode($0.child("status")?.trimmedText) == 200 }?.child("prop")
            return DAVResponse(href: url.path(percentEncoded: true), url: url, properties: found, status: statusCode(response.child("status")?.trimmedText))
        }
    }

    /// `HTTP/1.1 404 Not Found` → 404.
    static func statusCode(_ line: String?) -> Int? {
        line.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
    }

    var isCalendar: Bool { properties?.child("resourcetype")?.child("calendar", DAV.caldav) != nil }

    var calendar: CalDAVCalendar {
        let components = properties?.child("supported-calendar-component-set", DAV.caldav)?.all("comp", DAV.caldav) ?? []
        // No set means every kind of component (RFC 4791 §5.2.3).
        let holdsEvents = components.isEmpty || components.contains { $0.attributes["name"]?.uppercased() == "VEVENT" }
        return CalDAVCalendar(url: url, displayName: properties?.child("displayname")?.trimmedText.nonEmpty,
                              syncToken: properties?.child("sync-token")?.trimmedText.nonEmpty,
                              ctag: properties?.child("getctag", DAV.calendarServer)?.trimmedText.nonEmpty,
                              holdsEvents: holdsEvents,
                              timeZone: properties?.child("calendar-timezone", DAV.caldav).flatMap { ZoneNames.zone(inDefinition: $0.text) })
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
