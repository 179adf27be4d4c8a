import Emulators
import Foundation
import Notifier
import Synchronization

/// What the sandbox page shows and does: the host's calendar, each attendee's WhatsApp thread, and
/// the knobs on the emulators. Host edits reach the service as Google's push notifications.
final class SandboxDesk: Sendable {
    let google: GoogleEmulator
    let carrier: SandboxCarrier
    let calendarID: String
    /// Calendly's page, when the sandbox uses it instead of the built-in booking pages.
    let bookingURL: URL?
    let replies = Replies()
    /// The page's zone (with its name as picked: Foundation calls UTC "GMT") and delivery rules.
    private let settings: Mutex<(zone: TimeZone, zoneName: String, rules: [String: String])>

    init(google: GoogleEmulator, carrier: SandboxCarrier, calendarID: String, zone: String, bookingURL: URL?) {
        self.google = google
        self.carrier = carrier
        self.calendarID = calendarID
        let known = TimeZone(identifier: zone)
        self.settings = Mutex((known ?? .current, known == nil ? TimeZone.current.identifier : zone, [:]))
        self.bookingURL = bookingURL
    }

    /// The zone the page shows times in and new sessions are created in (the calendar's).
    var zone: TimeZone { settings.withLock { $0.zone } }

    /// The zone's name, as picked.
    var zoneName: String { settings.withLock { $0.zoneName } }

    /// A refused form's reason, shown once on the page after it reloads.
    private let problem = Mutex<String?>(nil)

    func refuse(_ reason: String) {
        problem.withLock { $0 = reason }
    }

    /// The reason to show, once.
    func takeProblem() -> String? {
        problem.withLock { value in defer { value = nil }; return value }
    }

    /// The delivery rules picked on the page, per number.
    var deliveryRules: [String: String] { settings.withLock { $0.rules } }

    /// Shows and creates sessions in `identifier`'s zone from now on, and makes it the calendar's.
    func setZone(_ identifier: String) async {
        guard let zone = TimeZone(identifier: identifier) else { return }
        settings.withLock {
            $0.zone = zone
            $0.zoneName = identifier
        }
        await google.addCalendar(calendarID, timeZone: identifier)
    }

    /// One message an attendee wrote to the business and the answer it got.
    struct Exchange: Codable, Sendable {
        var phone: String
        var said: String
        var reply: String
        var at: Date
    }

    /// What attendees wrote to the business number and the service's answers, per number.
    actor Replies {
        private(set) var exchanges: [Exchange] = []

        func add(phone: String, said: String, reply: String) {
            exchanges.append(Exchange(phone: phone, said: said, reply: reply, at: Date()))
        }

        func restore(_ earlier: [Exchange]) {
            exchanges = earlier + exchanges
        }
    }

    /// Changes whenever anything the page shows changes, so that its frames reload only then.
    func version() async -> String {
        var hasher = Hasher()
        for event in await google.events(in: calendarID) {
            hasher.combine(event.id)
            hasher.combine(event.etag)
        }
        for message in await carrier.messages() {
            hasher.combine(message.id)
            hasher.combine(message.status)
        }
        hasher.combine(await replies.exchanges.count)
        settings.withLock {
            hasher.combine($0.zoneName)
            hasher.combine($0.rules)
        }
        return String(UInt(bitPattern: hasher.finalize()), radix: 36)
    }

    /// Everything to keep for the next run (`--data`).
    func memory() async -> SandboxMemory {
        // Meta's chats are not kept between runs (its emulator starts empty); Twilio's are.
        let messages: [EmulatedMessage] = if case .twilio(let twilio, _) = carrier { await twilio.messages() } else { [] }
        return SandboxMemory(zone: zoneName, events: await google.events(in: calendarID), messages: messages,
                             exchanges: await replies.exchanges, deliveryRules: deliveryRules)
    }

    /// Puts back what an earlier run kept.
    func resume(_ memory: SandboxMemory) async {
        await google.restore(memory.events)
        if case .twilio(let twilio, _) = carrier { await twilio.restore(memory.messages) }
        await replies.restore(memory.exchanges)
        for (phone, outcome) in memory.deliveryRules { await setDelivery(for: phone, outcome) }
    }

    func createSession(title: String, start: Date, minutes: Int, location: String) async throws {
        _ = try await google.createEvent(in: calendarID, summary: title, start: start,
                                         end: start.addingTimeInterval(Double(max(5, minutes)) * 60),
                                         timeZone: zone.identifier, location: location.isEmpty ? nil : location)
    }

    func move(_ id: String, to start: Date) async throws {
        guard let event = await google.event(id, in: calendarID), case .timed(let oldStart, _) = event.start,
              case .timed(let oldEnd, _) = event.end
        else { return }
        try await google.moveEvent(id, in: calendarID, start: start, end: start.addingTimeInterval(oldEnd.timeIntervalSince(oldStart)))
    }

    func rename(_ id: String, to title: String) async throws {
        try await google.renameEvent(id, in: calendarID, to: title)
    }

    func delete(_ id: String) async throws {
        try await google.deleteEvent(id, in: calendarID)
    }

    /// The attendee at `phone` writes to the business number; the provider posts it, signed, to the service.
    func write(from phone: String, _ text: String) async throws {
        let reply = try await carrier.write(from: phone, text)
        await replies.add(phone: phone, said: text, reply: reply ?? "")
    }

    /// The attendee at `phone` taps a quick-reply button of message `id`; the provider posts the tap, signed.
    func tap(from phone: String, button: String, on id: String) async throws {
        guard let tapped = try await carrier.tap(from: phone, button: button, on: id) else { return }
        await replies.add(phone: phone, said: "[\(tapped.label)]", reply: tapped.reply ?? "")
    }

    /// Makes the provider refuse or fail messages to `phone`, to see an event turn red.
    func setDelivery(for phone: String, _ outcome: String) async {
        guard let phone = PhoneNumber(e164: phone.filter { !$0.isWhitespace })?.e164 else { return }
        settings.withLock { $0.rules[phone] = outcome == "delivered" ? nil : outcome }
        await carrier.setDelivery(for: phone, outcome)
    }

    /// `yyyy-MM-ddTHH:mm` from a `datetime-local` field, in the calendar's zone.
    /// The years the date fields take: a five-digit year typed by mistake is refused here, as a
    /// calendar app would, instead of making an event no one can be told about.
    static let fieldYears = 2000...2100

    func date(fromField text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        guard text.count == 16, let date = formatter.date(from: text),
              let year = Calendar(identifier: .gregorian).dateComponents(in: zone, from: date).year, Self.fieldYears.contains(year)
        else { return nil }
        return date
    }

    static func unescapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
