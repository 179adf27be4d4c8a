import Foundation
import Hummingbird

/// The booking pages as plain HTML that works in any browser without JavaScript: the form,
/// Calendly's own confirmation, and the pages for a used or unknown link.
enum BookingPage {
    /// Days offered, starting tomorrow, and the hours offered each day, in the host's time zone.
    static let days = 5
    static let hours = [10, 12, 15]

    /// The times offered after `now`: a handful of fixed hours on the next few days.
    static func slots(after now: Date, in zone: TimeZone) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: now)
        return (1...days).flatMap { day in
            hours.compactMap { hour in
                calendar.date(byAdding: .day, value: day, to: today).flatMap { calendar.date(bySettingHour: hour, minute: 0, second: 0, of: $0) }
            }
        }
    }

    /// The form for `eventType`, filled in from the link's prefill and carrying its `utm_*` values.
    static func form(
        _ eventType: EmulatedEventType, hostName: String, action: String, slots: [Date], zone: TimeZone,
        name: String, email: String, phone: String, tracking: [(String, String)]
    ) -> Response {
        let times = slots.enumerated().map { index, slot in
            "<label><input type=\"radio\" name=\"start\" value=\"\(CalendlyWire.apiTime(slot))\"\(index == 0 ? " checked" : "")> "
                + "\(CalendlyWire.html(label(slot, in: zone)))</label>"
        }
        let hidden = tracking.map { "<input type=\"hidden\" name=\"\(CalendlyWire.html($0.0))\" value=\"\(CalendlyWire.html($0.1))\">" }
        let body = """
            <p>\(CalendlyWire.html(hostName))</p><h1>\(CalendlyWire.html(eventType.name))</h1><p>\(eventType.minutes) min, phone call</p>
            <form method="post" action="\(CalendlyWire.html(action))">
            <fieldset><legend>Select a date and time (\(CalendlyWire.html(zone.identifier)))</legend>
            \(times.joined(separator: "\n"))
            </fieldset>
            <label>Name <input type="text" name="name" value="\(CalendlyWire.html(name))" required></label>
            <label>Email <input type="email" name="email" value="\(CalendlyWire.html(email))" required></label>
            <label>Phone number for WhatsApp <input type="tel" name="phone" value="\(CalendlyWire.html(phone))" required></label>
            \(hidden.joined(separator: "\n"))
            <button type="submit">Schedule Event</button>
            </form>
            """
        return page(status: .ok, title: "\(eventType.name) - \(hostName)", body: body)
    }

    /// Calendly's own confirmation, shown when no redirect is set.
    static func scheduled(_ booking: EmulatedBooking, hostName: String, zone: TimeZone) -> Response {
        page(status: .ok, title: "You are scheduled", body: """
            <h1>You are scheduled</h1><p>\(CalendlyWire.html(booking.eventTypeName)) with \(CalendlyWire.html(hostName)),
            \(CalendlyWire.html(label(booking.start, in: zone))).</p><p>A calendar invitation has been sent to your email address.</p>
            """)
    }

    static func refused(_ error: CalendlyBookingError) -> Response {
        switch error {
        case .linkAlreadyUsed:
            page(status: .gone, title: "Link already used", body: "<h1>This link has already been used</h1><p>Single-use links can book one event only.</p>")
        case .unknownPage:
            page(status: .notFound, title: "Page not found", body: "<h1>This Calendly URL is not valid</h1>")
        case .invalidField(let field):
            page(status: .badRequest, title: "Check your details", body: "<h1>Please check the \(CalendlyWire.html(field)) field</h1>")
        }
    }

    private static func label(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE d MMM, h:mm a"
        return formatter.string(from: date)
    }

    private static func page(status: HTTPResponse.Status, title: String, body: String) -> Response {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(CalendlyWire.html(title))</title>
            <style>body{font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.5rem 0}</style>
            </head><body><main>
            \(body)
            </main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
