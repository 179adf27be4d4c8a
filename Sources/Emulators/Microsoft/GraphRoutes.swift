import Foundation
import Hummingbird

/// The Graph v1.0 calls the service makes, under `/v1.0`, each needing a bearer token the
/// emulated identity platform issued (else `401 InvalidAuthenticationToken`).
struct GraphRoutes {
    let store: MailboxStore
    let identity: MicrosoftIdentity
    let subscriptions: SubscriptionHub
    let faults: GraphFaults

    func add(to router: Router<BasicRequestContext>) {
        let api = router.group("v1.0")
        api.get("users/:mailbox/calendar") { request, context in
            try await answer(request) {
                let mailbox = try Self.mailbox(context)
                guard await store.hasMailbox(mailbox) else { throw GraphErrorReply.notFound("ErrorInvalidUser", "The requested user '\(mailbox)' is invalid.") }
                return JSONReply.response(status: 200, object: ["id": "AAMkAGI2TGuLAAA=", "name": "Calendar", "canEdit": true, "isDefaultCalendar": true,
                                                                "owner": ["name": mailbox, "address": mailbox]])
            }
        }
        api.get("me") { request, _ in
            try await answer(request) {
                guard let account = GraphCaller.account else {
                    throw GraphErrorReply.badRequest("/me request is only valid with delegated authentication flow.")
                }
                return JSONReply.response(status: 200, object: ["mail": account, "userPrincipalName": account, "displayName": account,
                                                                "id": UUID().uuidString.lowercased()])
            }
        }
        api.get("users/:mailbox/calendarView/delta") { request, context in try await answer(request) { try await delta(request, context) } }
        api.get("users/:mailbox/events/:id") { request, context in
            try await answer(request) {
                try await JSONReply.response(status: 200, object: Self.json(store.event(Self.id(context), in: Self.mailbox(context))))
            }
        }
        api.patch("users/:mailbox/events/:id") { request, context in
            try await answer(request) {
                var request = request
                let fields = try await Self.object(&request)
                let event = try await store.edit(Self.id(context), in: Self.mailbox(context), ifMatch: request.headers[.ifMatch]) { event in
                    Self.apply(fields, to: &event)
                }
                return JSONReply.response(status: 200, object: Self.json(event))
            }
        }
        api.delete("users/:mailbox/events/:id") { request, context in
            try await answer(request) {
                _ = try await store.edit(Self.id(context), in: Self.mailbox(context), ifMatch: request.headers[.ifMatch], deleting: true) { _ in }
                return Response(status: .noContent)
            }
        }
        api.post("users/:mailbox/calendar/events") { request, context in
            try await answer(request) {
                var request = request
                let fields = try await Self.object(&request)
                let mailbox = try Self.mailbox(context)
                // A repeated transactionId gets the event the first request made.
                if let transaction = fields["transactionId"] as? String, let made = await store.byTransaction(transaction, in: mailbox) {
                    return JSONReply.response(status: 201, object: Self.json(made))
                }
                guard let start = (fields["start"] as? [String: Any]).flatMap(Self.instant),
                      let end = (fields["end"] as? [String: Any]).flatMap(Self.instant) else { throw GraphErrorReply.badRequest("start and end are required") }
                let event = try await store.create(in: mailbox) { id in
                    var event = OutlookEvent(id: id, subject: "", body: "", location: "", start: start, end: end)
                    Self.apply(fields, to: &event)
                    event.transactionId = fields["transactionId"] as? String
                    return event
                }
                return JSONReply.response(status: 201, object: Self.json(event))
            }
        }
        api.post("users/:mailbox/calendar/getSchedule") { request, context in
            try await answer(request) {
                var request = request
                let fields = try await Self.object(&request)
                guard let start = (fields["startTime"] as? [String: Any]).flatMap(Self.instant),
                      let end = (fields["endTime"] as? [String: Any]).flatMap(Self.instant) else { throw GraphErrorReply.badRequest("startTime and endTime are required") }
                let own = try Self.mailbox(context)
                let schedules = (fields["schedules"] as? [String]) ?? [own]
                var value: [[String: Any]] = []
                for schedule in schedules {
                    let items = try await store.busy(in: schedule, range: DateInterval(start: start, end: max(start, end))).map { event -> [String: Any] in
                        ["status": "busy", "subject": event.subject, "start": ["dateTime": Self.wall(event.start), "timeZone": "UTC"],
                         "end": ["dateTime": Self.wall(event.end), "timeZone": "UTC"]]
                    }
                    value.append(["scheduleId": schedule, "availabilityView": "", "scheduleItems": items])
                }
                return JSONReply.response(status: 200, object: ["value": value])
            }
        }
        api.get("users/:mailbox/outlook/masterCategories") { request, context in
            try await answer(request) {
                let categories = try await store.categories(of: Self.mailbox(context))
                return JSONReply.response(status: 200, object: ["value": categories.map { ["id": UUID().uuidString, "displayName": $0.name, "color": $0.color] }])
            }
        }
        api.post("users/:mailbox/outlook/masterCategories") { request, context in
            try await answer(request) {
                var request = request
                let fields = try await Self.object(&request)
                guard let name = fields["displayName"] as? String else { throw GraphErrorReply.badRequest("displayName is required") }
                let color = fields["color"] as? String ?? "none"
                try await store.addCategory(name, color: color, to: Self.mailbox(context))
                return JSONReply.response(status: 201, object: ["id": UUID().uuidString, "displayName": name, "color": color])
            }
        }
        api.post("subscriptions") { request, context in
            try await answer(request) {
                var request = request
                let fields = try await Self.object(&request)
                return try await subscriptions.create(fields)
            }
        }
        api.patch("subscriptions/:id") { request, context in
            try await answer(request) {
                var request = request
                let fields = try await Self.object(&request)
                return try await subscriptions.renew(try Self.id(context), fields)
            }
        }
        api.delete("subscriptions/:id") { request, context in
            try await answer(request) {
                try await subscriptions.remove(try Self.id(context))
                return Response(status: .noContent)
            }
        }
    }

    /// Checks the token and the fault plan, then runs `body`; a `GraphErrorReply` becomes Graph's error JSON.
    private func answer(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        do {
            if let throttled = await faults.next() { throw throttled }
            let token = request.headers[.authorization]?.split(separator: " ").last.map(String.init) ?? ""
            // A connected account's (delegated) token acts on that account's mailbox only.
            if let account = await identity.consent.account(for: token) {
                return try await GraphCaller.$account.withValue(account) { try await body() }
            }
            guard await identity.accepts(token) else {
                throw GraphErrorReply(status: 401, code: "InvalidAuthenticationToken", message: "Access token validation failure. Invalid audience.")
            }
            return try await body()
        } catch let reply as GraphErrorReply {
            var response = JSONReply.response(status: reply.status, object: [
                "error": ["code": reply.code, "message": reply.message,
                          "innerError": ["date": GraphTime.utc(Date()), "request-id": UUID().uuidString.lowercased()]],
            ])
            if let wait = reply.retryAfter { response.headers[.retryAfter] = String(wait) }
            return response
        }
    }

    /// `calendarView/delta`: the first request names the window; each page after is a
    /// `$skiptoken` link, the last one a `$deltatoken` link; a delta token made before the
    /// emulator forgot its state answers `410 SyncStateNotFound`.
    private func delta(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let mailbox = try Self.mailbox(context)
        let query = Dictionary(FormText.fields(request.uri.query ?? ""), uniquingKeysWith: { first, _ in first })
        let state: DeltaState
        if let token = query["$deltatoken"] ?? query["$skiptoken"] {
            let generation = await store.generation
            guard let decoded = DeltaState(token: token), decoded.generation == generation else {
                throw GraphErrorReply(status: 410, code: "SyncStateNotFound", message: "The sync state generation is not found.")
            }
            state = query["$deltatoken"] != nil ? DeltaState(window: decoded.window, since: decoded.upTo, upTo: await store.currentChange,
                                                             offset: 0, generation: decoded.generation) : decoded
        } else {
            guard let start = query["startDateTime"].flatMap(GraphTime.parse), let end = query["endDateTime"].flatMap(GraphTime.parse) else {
                throw GraphErrorReply.badRequest("This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.")
            }
            state = DeltaState(window: DateInterval(start: start, end: max(start, end)), since: nil, upTo: await store.currentChange,
                               offset: 0, generation: await store.generation)
        }
        let changed = try await store.changes(in: mailbox, window: state.window, since: state.since)
        let page = Array(changed.dropFirst(state.offset).prefix(store.pageSize))
        let base = "http://\(request.head.authority ?? "127.0.0.1")/v1.0/users/\(mailbox)/calendarView/delta"
        var object: [String: Any] = ["@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(event)",
                                     "value": page.map(Self.deltaEntry)]
        if state.offset + page.count < changed.count {
            var next = state
            next.offset += page.count
            object["@odata.nextLink"] = base + "?$skiptoken=" + next.token
        } else {
            object["@odata.deltaLink"] = base + "?$deltatoken=" + state.token
        }
        return JSONReply.response(status: 200, object: object)
    }

    // MARK: JSON

    /// A delta entry as Graph gives it: a tombstone for a deleted event; for an occurrence nobody
    /// changed, only its id, etag, type, series and times (as observed from Graph: the client
    /// must read the rest itself); anything else whole.
    static func deltaEntry(_ event: OutlookEvent) -> [String: Any] {
        if event.isDeleted { return ["@odata.type": "#microsoft.graph.event", "id": event.id, "@removed": ["reason": "deleted"]] }
        guard event.type == "occurrence" else { return json(event) }
        return ["@odata.type": "#microsoft.graph.event", "@odata.etag": event.etag, "id": event.id, "type": event.type,
                "seriesMasterId": event.seriesMasterId as Any, "start": ["dateTime": wall(event.start), "timeZone": "UTC"],
                "end": ["dateTime": wall(event.end), "timeZone": "UTC"]]
    }

    static func json(_ event: OutlookEvent) -> [String: Any] {
        [
            "@odata.etag": event.etag, "id": event.id, "subject": event.subject, "changeKey": "CQAAABYAAAA\(event.changeKey)",
            "body": ["contentType": "text", "content": event.body], "bodyPreview": String(event.body.prefix(255)),
            "location": ["displayName": event.location], "categories": event.categories,
            "start": ["dateTime": wall(event.start), "timeZone": "UTC"], "end": ["dateTime": wall(event.end), "timeZone": "UTC"],
            "originalStartTimeZone": event.originalStartTimeZone, "isAllDay": false, "isCancelled": false, "type": event.type,
            "seriesMasterId": event.seriesMasterId as Any, "originalStart": event.originalStart.map(GraphTime.utc) as Any,
            "showAs": "busy", "lastModifiedDateTime": GraphTime.precise(event.lastModified), "iCalUId": "040000008200E00074C5B7101A82E008" + event.id,
            "transactionId": event.transactionId as Any,
        ]
    }

    static func apply(_ fields: [String: Any], to event: inout OutlookEvent) {
        if let subject = fields["subject"] as? String { event.subject = subject }
        if let body = fields["body"] as? [String: Any], let content = body["content"] as? String { event.body = content }
        if let location = fields["location"] as? [String: Any] { event.location = location["displayName"] as? String ?? "" }
        if let categories = fields["categories"] as? [String] { event.categories = categories }
        if let start = (fields["start"] as? [String: Any]).flatMap(instant) {
            event.start = start
            // Graph keeps the zone the time was written in as the event's own.
            if let zone = (fields["start"] as? [String: Any])?["timeZone"] as? String { event.originalStartTimeZone = zone }
        }
        if let end = (fields["end"] as? [String: Any]).flatMap(instant) { event.end = end }
    }

    /// A `{dateTime, timeZone}` pair: the wall time in that zone (IANA names, and `UTC`).
    static func instant(_ time: [String: Any]) -> Date? {
        guard let text = time["dateTime"] as? String, let wall = GraphTime.parse(text.split(separator: ".").first.map(String.init) ?? text)
        else { return nil }
        guard let name = time["timeZone"] as? String, let zone = TimeZone(identifier: name) else { return wall }
        // `wall` was read as UTC: shift it by the zone's offset at that moment.
        let offset = zone.secondsFromGMT(for: wall.addingTimeInterval(-Double(zone.secondsFromGMT(for: wall))))
        return wall.addingTimeInterval(-Double(offset))
    }

    static func wall(_ date: Date) -> String { String(GraphTime.utc(date).dropLast()) + ".0000000" }

    static func object(_ request: inout Request) async throws -> [String: Any] {
        let body = try await request.collectBody(upTo: 1024 * 1024)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] else {
            throw GraphErrorReply.badRequest("Empty Payload. JSON content expected.")
        }
        return object
    }

    static func mailbox(_ context: BasicRequestContext) throws -> String {
        guard let raw = context.parameters.get("mailbox"), let decoded = raw.removingPercentEncoding else { throw GraphErrorReply.badRequest("no mailbox") }
        let mailbox = decoded.lowercased()
        if let account = GraphCaller.account, mailbox != account {
            throw GraphErrorReply(status: 403, code: "ErrorAccessDenied", message: "Access is denied. Check credentials and try again.")
        }
        return mailbox
    }

    static func id(_ context: BasicRequestContext) throws -> String {
        guard let raw = context.parameters.get("id"), let decoded = raw.removingPercentEncoding else { throw GraphErrorReply.badRequest("no id") }
        return decoded
    }
}

/// Where a delta walk is: its window, the changes it covers, and the page it is at, as the
/// opaque token in its links.
struct DeltaState: Codable {
    var window: DateInterval
    var since: Int?
    var upTo: Int
    var offset: Int
    var generation: Int

    init(window: DateInterval, since: Int?, upTo: Int, offset: Int, generation: Int) {
        (self.window, self.since, self.upTo, self.offset, self.generation) = (window, since, upTo, offset, generation)
    }

    init?(token: String) {
        var standard = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        guard let data = Data(base64Encoded: standard),
              let state = try? JSONDecoder().decode(Self.self, from: data) else { return nil }
        self = state
    }

    var token: String {
        ((try? JSONEncoder().encode(self)) ?? Data()).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// ISO 8601 in UTC, as Graph writes `lastModifiedDateTime` and takes `startDateTime`.
enum GraphTime {
    static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// With Graph's seven fractional digits (`2026-12-06T20:55:40.1234567Z`), as it writes
    /// `lastModifiedDateTime`.
    static func precise(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let fraction = Int(((date.timeIntervalSince1970 - whole) * 10_000_000).rounded(.down))
        return String(utc(Date(timeIntervalSince1970: whole)).dropLast()) + "." + String(format: "%07d", fraction) + "Z"
    }

    static func parse(_ text: String) -> Date? {
        let plain = text.hasSuffix("Z") || text.contains("+") ? text : text + "Z"
        return try? Date(plain, strategy: Date.ISO8601FormatStyle())
    }
}

/// Whose token a Graph request carries: a connected account's address, nil for the app itself.
enum GraphCaller {
    @TaskLocal static var account: String?
}
