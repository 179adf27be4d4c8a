import Foundation
import Hummingbird

/// The Calendar v3 routes this service uses, under `/calendar/v3`.
struct CalendarRoutes {
    static let basePath = "calendar/v3"

    let store: CalendarStore
    let push: PushHub
    let gate: GoogleAPIGate

    func add(to router: Router<BasicRequestContext>) {
        let api = router.group(RouterPath(stringLiteral: Self.basePath)).add(middleware: gate)
        api.get("colors") { _, _ in JSONReply.response(status: 200, data: Data(EmulatedColors.json.utf8)) }
        api.get("calendars/:calendar") { _, context in
            let id = try Self.parameter("calendar", context)
            let calendar = try await store.calendar(id)
            return JSONReply.response(CalendarResource(id: id, summary: id, timeZone: calendar.timeZone))
        }
        api.get("calendars/:calendar/events") { request, context in
            let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
            let listing = try EventListRequest(query: Dictionary(query) { first, _ in first })
            return try await JSONReply.response(store.list(Self.parameter("calendar", context), listing))
        }
        api.post("calendars/:calendar/events/watch") { request, context in
            var request = request
            let calendarID = try Self.parameter("calendar", context)
            _ = try await store.calendar(calendarID)
            let body = try await request.collectBody(upTo: 64 * 1024)
            guard let watch = try? JSONDecoder().decode(WatchBody.self, from: Data(body.readableBytesView)), watch.type == "web_hook",
                  let address = URL(string: watch.address), address.host != nil
            else { throw GoogleErrorReply.badRequest("Invalid watch request") }
            let channel = try await push.watch(calendarID: calendarID, id: watch.id, token: watch.token, address: address,
                                               ttl: watch.params?.ttl.flatMap(TimeInterval.init))
            return JSONReply.response(ChannelResource(channel))
        }
        api.post("channels/stop") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            guard let stop = try? JSONDecoder().decode([String: String].self, from: Data(body.readableBytesView)),
                  let id = stop["id"], let resourceID = stop["resourceId"]
            else { throw GoogleErrorReply.badRequest("Invalid stop request") }
            try await push.stop(id: id, resourceID: resourceID)
            return Response(status: .noContent)
        }
        api.post("calendars/:calendar/events") { request, context in
            var request = request
            let calendarID = try Self.parameter("calendar", context)
            let body = try await request.collectBody(upTo: 1024 * 1024)
            let insert = try EventPatchBody(json: Data(body.readableBytesView))
            guard let start = insert.start, let end = insert.end else {
                throw GoogleErrorReply.badRequest("Missing end time.", reason: "required")
            }
            let chosen = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])?["id"] as? String
            let id = try await store.insert(into: calendarID, id: chosen, summary: "", start: start, end: end, location: nil,
                                            description: nil)
            let event = try await store.edit(id, in: calendarID) { insert.apply(to: &$0) }
            return JSONReply.response(EventResource(event))
        }
        api.post("freeBusy") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            guard let query = try? JSONDecoder().decode(FreeBusyQuery.self, from: Data(body.readableBytesView)),
                  let timeMin = try? Date(query.timeMin, strategy: .iso8601), let timeMax = try? Date(query.timeMax, strategy: .iso8601),
                  timeMin < timeMax
            else { throw GoogleErrorReply.badRequest("Bad Request", reason: "badRequest") }
            var calendars: [String: Any] = [:]
            for item in query.items {
                guard let id = try? GoogleCaller.calendar(item.id), let calendar = try? await store.calendar(id) else {
                    calendars[item.id] = ["errors": [["domain": "global", "reason": "notFound"]], "busy": [] as [Any]]
                    continue
                }
                let busy = calendar.events.values.map(\.event)
                    .filter { !$0.isDeleted }
                    .map { (start: $0.start.instant(calendarTimeZone: calendar.timeZone), end: $0.end.instant(calendarTimeZone: calendar.timeZone)) }
                    .filter { $0.start < timeMax && timeMin < $0.end }
                    .sorted { $0.start < $1.start }
                    .map { ["start": EventResource.dateTime(max($0.start, timeMin), in: "UTC"), "end": EventResource.dateTime(min($0.end, timeMax), in: "UTC")] }
                calendars[item.id] = ["busy": busy]
            }
            return JSONReply.response(status: 200, object: [
                "kind": "calendar#freeBusy", "timeMin": query.timeMin, "timeMax": query.timeMax, "calendars": calendars,
            ])
        }
        api.get("calendars/:calendar/events/:event") { _, context in
            let event = try await store.event(Self.parameter("event", context), in: Self.parameter("calendar", context))
            return JSONReply.response(EventResource(event))
        }
        api.patch("calendars/:calendar/events/:event") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 1024 * 1024)
            let patch = try EventPatchBody(json: Data(body.readableBytesView))
            let event = try await store.edit(
                Self.parameter("event", context), in: Self.parameter("calendar", context), allowDeleted: true,
                ifMatch: request.headers[.ifMatch]
            ) { patch.apply(to: &$0) }
            return JSONReply.response(EventResource(event))
        }
        api.delete("calendars/:calendar/events/:event") { request, context in
            // Deleting a deleted event is `410 deleted`, an unknown one `404 notFound`; a stale
            // `If-Match` is `412 conditionNotMet`, as for a patch.
            try await store.delete(Self.parameter("event", context), in: Self.parameter("calendar", context),
                                   ifMatch: request.headers[.ifMatch])
            return Response(status: .noContent)
        }
    }

    /// Path segments arrive percent-encoded (`host%40example.com`); ids are compared decoded.
    private static func parameter(_ name: String, _ context: BasicRequestContext) throws -> String {
        guard let raw = context.parameters.get(name), let decoded = raw.removingPercentEncoding else {
            throw GoogleErrorReply.notFound()
        }
        return name == "calendar" ? try GoogleCaller.calendar(decoded) : decoded
    }

    private struct FreeBusyQuery: Decodable {
        struct Item: Decodable {
            let id: String
        }

        let timeMin: String
        let timeMax: String
        let items: [Item]
    }

    private struct WatchBody: Decodable {
        struct Params: Decodable {
            let ttl: String?
        }

        let id: String
        let type: String
        let address: String
        let token: String?
        let params: Params?
    }

    /// The answer to `events.watch`; `expiration` in milliseconds since 1970, as a string.
    private struct ChannelResource: Encodable {
        var kind = "api#channel"
        let id: String
        let resourceId: String
        let resourceUri: String
        let token: String?
        let expiration: String

        init(_ channel: EmulatedChannel) {
            id = channel.id
            resourceId = channel.resourceID
            resourceUri = "https://www.googleapis.com/calendar/v3/calendars/\(channel.calendarID)/events?alt=json"
            token = channel.token
            expiration = String(Int64(channel.expiration.timeIntervalSince1970 * 1_000))
        }
    }

    private struct CalendarResource: Encodable {
        var kind = "calendar#calendar"
        let id: String
        let summary: String
        let timeZone: String
    }
}
