import Emulators
import Foundation
import Notifier

/// The page's values: the host's upcoming events and one WhatsApp thread per attendee number.
struct SandboxView {
    var values: [String: Any]

    /// How long a change stays highlighted on the page.
    static let freshFor: TimeInterval = 60

    /// `main`: the page itself, which shows (and so uses up) a refused form's reason; the frames do not.
    static func make(_ desk: SandboxDesk, main: Bool = false) async -> SandboxView {
        let zone = desk.zone
        let all = await desk.google.events(in: desk.calendarID).filter { !$0.isDeleted }
        // The event changed last, if recently: highlighted and scrolled into view.
        let newest = all.max { $0.updated < $1.updated }.flatMap { Date().timeIntervalSince($0.updated) < freshFor ? $0.id : nil }
        let events = all
            .compactMap { event -> (Date, [String: Any])? in
                guard case .timed(let start, _) = event.start else { return nil }
                return (start, [
                    "id": event.id, "summary": event.summary, "location": event.location ?? "",
                    "start": SessionTime.text(start, in: zone), "startField": field(start, zone),
                    "description": event.description ?? "", "fresh": event.id == newest,
                    "colour": ["10": "green", "11": "red", "7": "confirmed"][event.colorId ?? ""] ?? "none",
                ])
            }
            .sorted { $0.0 < $1.0 }.map(\.1)
        var threads: [String: [(Date, [String: Any])]] = [:]
        for message in await desk.carrier.messages() {
            threads[message.to, default: []].append((message.date, [
                "fromBusiness": true, "segments": segments(message.body.isEmpty ? "(approved template)" : message.body),
                "status": message.status, "phone": message.to, "sid": message.id, "time": clock(message.date, zone),
                "buttons": message.buttons.map { ["id": $0.id, "title": $0.title] },
            ]))
        }
        for exchange in await desk.replies.exchanges {
            threads[exchange.phone, default: []].append((exchange.at, [
                "fromBusiness": false, "segments": segments(exchange.said), "time": clock(exchange.at, zone),
            ]))
            // With Meta the answer is a message of its own, listed above.
            guard !exchange.reply.isEmpty else { continue }
            threads[exchange.phone, default: []].append((exchange.at.addingTimeInterval(0.001), [
                "fromBusiness": true, "segments": segments(exchange.reply), "status": "reply", "time": clock(exchange.at, zone),
            ]))
        }
        // Threads with the latest message first; in each, oldest first, as WhatsApp shows them.
        let latest = threads.values.flatMap { $0.map(\.0) }.max()
        let threadValues = threads.map { phone, messages -> (Date, [String: Any]) in
            let sorted = messages.sorted { $0.0 < $1.0 }
            let rows = sorted.map { date, values -> [String: Any] in
                var values = values
                values["fresh"] = date == latest && Date().timeIntervalSince(date) < freshFor
                return values
            }
            return (sorted.last?.0 ?? .distantPast, ["phone": phone, "messages": rows])
        }
        .sorted { $0.0 > $1.0 }.map(\.1)
        let tomorrow = Calendar.current.startOfDay(for: Date().addingTimeInterval(86_400)).addingTimeInterval(10 * 3_600)
        let rules = desk.deliveryRules.sorted { $0.key < $1.key }.map { ["phone": $0.key, "rule": ruleText[$0.value] ?? $0.value] }
        return SandboxView(values: [
            "events": events, "threads": threadValues, "defaultStart": field(tomorrow, zone),
            "zone": desk.zoneName, "zones": zoneChoices(current: desk.zoneName), "bookingURL": desk.bookingURL.map { $0.absoluteString as Any } ?? false,
            "rules": rules, "hasRules": !rules.isEmpty, "version": await desk.version(),
            "problem": (main ? desk.takeProblem() : nil) ?? false,
        ])
    }

    static let ruleText = [
        "read": "read (green)", "undelivered": "undelivered, 63024 (red)", "invalid": "refused, 21211 invalid number (red)",
    ]

    /// A few zones to try, and the current one.
    static func zoneChoices(current: String) -> [[String: Any]] {
        var zones = ["UTC", "Asia/Kolkata", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
                     "America/Sao_Paulo", "Australia/Sydney", TimeZone.current.identifier]
        if !zones.contains(current) { zones.append(current) }
        var seen: Set<String> = []
        return zones.filter { seen.insert($0).inserted }.map { ["zone": $0, "selected": $0 == current] }
    }

    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        posix(date, zone, "d MMM HH:mm")
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
        posix(date, zone, "yyyy-MM-dd'T'HH:mm")
    }

    /// `date` in `zone` as `format` spells it, whatever the machine's locale.
    private static func posix(_ date: Date, _ zone: TimeZone, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
