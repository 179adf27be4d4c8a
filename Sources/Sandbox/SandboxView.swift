import Emulators
import Foundation
import Notifier

/// The page's values: the host's upcoming events and one WhatsApp thread per attendee number.
struct SandboxView {
    var values: [String: Any]

    static func make(_ desk: SandboxDesk) async -> SandboxView {
        let events = await desk.google.events(in: desk.calendarID)
            .filter { !$0.isDeleted }
            .compactMap { event -> (Date, [String: Any])? in
                guard case .timed(let start, _) = event.start else { return nil }
                return (start, [
                    "id": event.id, "summary": event.summary, "location": event.location ?? "",
                    "start": SessionTime.text(start, in: desk.zone), "startField": field(start, desk.zone),
                    "description": event.description ?? "",
                    "colour": ["10": "green", "11": "red", "7": "confirmed"][event.colorId ?? ""] ?? "none",
                ])
            }
            .sorted { $0.0 < $1.0 }.map(\.1)
        var threads: [String: [(Date, [String: Any])]] = [:]
        for message in await desk.twilio.messages() {
            threads[message.to, default: []].append((message.dateCreated, [
                "fromBusiness": true, "segments": segments(message.body.isEmpty ? "(approved template)" : message.body),
                "status": message.status, "phone": message.to, "sid": message.sid,
                "buttons": message.buttons.map { ["id": $0.id, "title": $0.title] },
            ]))
        }
        for exchange in await desk.replies.exchanges {
            threads[exchange.phone, default: []].append((exchange.at, ["fromBusiness": false, "segments": segments(exchange.said)]))
            threads[exchange.phone, default: []].append((exchange.at, ["fromBusiness": true, "segments": segments(exchange.reply), "status": "reply"]))
        }
        let threadValues = threads.keys.sorted().map { phone in
            ["phone": phone, "messages": threads[phone]!.sorted { $0.0 < $1.0 }.map(\.1)] as [String: Any]
        }
        let tomorrow = Calendar.current.startOfDay(for: Date().addingTimeInterval(86_400)).addingTimeInterval(10 * 3_600)
        return SandboxView(values: [
            "events": events, "threads": threadValues, "defaultStart": field(tomorrow, desk.zone),
            "zone": desk.zone.identifier, "bookingURL": desk.bookingURL.absoluteString,
        ])
    }

    /// Text with its links made clickable, as WhatsApp shows them.
    static func segments(_ text: String) -> [[String: String]] {
        var parts: [[String: String]] = []
        var rest = Substring(text)
        while let match = rest.firstMatch(of: #/https?://[^\s]+/#) {
            parts.append(["text": String(rest[..<match.range.lowerBound])])
            parts.append(["url": String(match.output)])
            rest = rest[match.range.upperBound...]
        }
        parts.append(["text": String(rest)])
        return parts
    }

    static func field(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}
