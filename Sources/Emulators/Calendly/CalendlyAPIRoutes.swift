import Foundation
import Hummingbird

/// The API calls this service makes, under `/api`: the token's user, the user's event types
/// (paged), and single-use scheduling links.
struct CalendlyAPIRoutes {
    static let basePath = "api"
    static let maxCount = 100

    let account: SchedulingAccount
    let gate: CalendlyAPIGate

    func add(to router: Router<BasicRequestContext>) {
        let api = router.group(RouterPath(stringLiteral: Self.basePath)).add(middleware: gate)
        api.get("users/me") { _, _ in
            JSONReply.response(status: 200, object: ["resource": await user()])
        }
        api.get("event_types") { request, _ in
            try await eventTypes(query: CalendlyWire.formFields(request.uri.query ?? ""))
        }
        api.post("scheduling_links") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            return try await schedulingLink(json: Data(body.readableBytesView))
        }
    }

    private func user() async -> [String: Any] {
        let root = await account.apiRoot
        return [
            "uri": root.appendingPathComponent("users/\(account.hostUUID)").absoluteString, "name": account.hostName,
            "slug": account.hostSlug, "email": "host@example.com", "timezone": account.timeZone.identifier,
            "scheduling_url": await account.origin.appendingPathComponent(account.hostSlug).absoluteString,
            "avatar_url": NSNull(), "created_at": "2024-01-02T03:04:05.678901Z", "updated_at": "2024-01-02T03:04:05.678901Z",
            "current_organization": root.appendingPathComponent("organizations/ORGANIZATION00001").absoluteString,
        ]
    }

    private func eventTypes(query: [(String, String)]) async throws -> Response {
        let value = { (name: String) in query.last { $0.0 == name }?.1 }
        guard let user = value("user") else { throw CalendlyErrorReply.invalidArgument("user", "user or organization is required") }
        guard user == (await account.apiRoot).appendingPathComponent("users/\(account.hostUUID)").absoluteString else {
            throw CalendlyErrorReply.permissionDenied()
        }
        let count = try value("count").map { text in
            guard let count = Int(text), (1...Self.maxCount).contains(count) else {
                throw CalendlyErrorReply.invalidArgument("count", "must be between 1 and \(Self.maxCount)")
            }
            return count
        } ?? 20
        let offset = try value("page_token").map { token in
            guard token.hasPrefix("P"), let offset = Int(token.dropFirst()), offset >= 0 else {
                throw CalendlyErrorReply.invalidArgument("page_token", "is invalid")
            }
            return offset
        } ?? 0
        let all = account.eventTypes
        let size = min(count, account.pageSize)
        let page = all.dropFirst(offset).prefix(size)
        var items: [[String: Any]] = []
        for eventType in page { items.append(await resource(eventType)) }
        let nextOffset = offset + page.count
        let next: Any = nextOffset < all.count
            ? (await account.apiRoot).absoluteString + "/event_types?" + CalendlyWire.queryText([("count", "\(count)"), ("page_token", "P\(nextOffset)"), ("user", user)])
            : NSNull()
        let pagination: [String: Any] = [
            "count": page.count, "next_page": next, "next_page_token": nextOffset < all.count ? "P\(nextOffset)" : NSNull(),
            "previous_page": NSNull(), "previous_page_token": NSNull(),
        ]
        return JSONReply.response(status: 200, object: ["collection": items, "pagination": pagination])
    }

    private func resource(_ eventType: EmulatedEventType) async -> [String: Any] {
        let root = await account.apiRoot
        return [
            "uri": root.appendingPathComponent("event_types/\(eventType.uuid)").absoluteString, "name": eventType.name,
            "active": true, "slug": eventType.slug, "scheduling_url": await account.pageURL(of: eventType).absoluteString,
            "duration": eventType.minutes, "kind": "solo", "pooling_type": NSNull(), "type": "StandardEventType",
            "color": "#8247f5", "secret": false, "booking_method": "instant", "admin_managed": false, "deleted_at": NSNull(),
            "description_plain": NSNull(), "description_html": NSNull(), "internal_note": NSNull(),
            "profile": ["type": "User", "name": account.hostName, "owner": root.appendingPathComponent("users/\(account.hostUUID)").absoluteString],
            "custom_questions": [["name": "Phone number for WhatsApp", "type": "phone_number", "position": 0, "enabled": true, "required": true]],
            "created_at": "2024-01-02T03:04:05.678901Z", "updated_at": "2024-01-02T03:04:05.678901Z",
        ]
    }

    private func schedulingLink(json: Data) async throws -> Response {
        guard let body = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw CalendlyErrorReply.invalidArgument("body", "is not a JSON object")
        }
        guard (body["max_event_count"] as? Int) == 1 else { throw CalendlyErrorReply.invalidArgument("max_event_count", "must be 1") }
        guard (body["owner_type"] as? String) == "EventType" else { throw CalendlyErrorReply.invalidArgument("owner_type", "must be EventType") }
        guard let owner = body["owner"] as? String else { throw CalendlyErrorReply.invalidArgument("owner", "is required") }
        let root = await account.apiRoot.appendingPathComponent("event_types").absoluteString + "/"
        guard owner.hasPrefix(root), let eventType = account.eventTypes.first(where: { root + $0.uuid == owner }) else {
            throw CalendlyErrorReply.notFound()
        }
        let link = await account.createSingleUseLink(to: eventType)
        let resource: [String: Any] = ["booking_url": link.absoluteString, "owner": owner, "owner_type": "EventType"]
        return JSONReply.response(status: 201, object: ["resource": resource])
    }
}
