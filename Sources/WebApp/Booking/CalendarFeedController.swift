import Foundation
import Hummingbird
import Notifier

/// `GET /calendar/{code}.ics`: the attendee's sessions as an iCalendar feed Google, Apple and
/// Outlook calendars can subscribe to: no login (the random code is the key), `text/calendar`,
/// and a cache lifetime that lets them refresh within the hour; `private`, because the feed names
/// one person's sessions and no shared cache may keep it.
struct CalendarFeedController {
    let store: any ServiceStore
    let business: String?
    /// Each session's cancel and reschedule links for the attendee (nil: no links).
    let links: AttendeeLinks?
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("calendar/:file") { _, context -> Response in
            let file = context.parameters.decoded("file")
            guard file.hasSuffix(".ics"),
                  let feed = try await CalendarFeed.forAttendee(code: String(file.dropLast(4)), in: store, business: business,
                                                                links: links, now: now())
            else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "No such calendar.\n")))
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=900",
                          .contentDisposition: "inline; filename=\"sessions.ics\""],
                body: .init(byteBuffer: ByteBuffer(string: feed.text)))
        }
        return router
    }
}
