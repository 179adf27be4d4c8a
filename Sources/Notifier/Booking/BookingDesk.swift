import CalendarModel
import Crypto
public import Foundation

/// The built-in booking pages' work (DESIGN.md §18): the free slots a session can move to or be
/// booked at, moving it (a `PATCH` with `If-Match`; the watcher then announces it as rescheduled)
/// and booking again after a cancellation (an insert the watcher announces as scheduled).
public struct BookingDesk: Sendable {
    let source: any CalendarSource
    let store: any ServiceStore
    let check: LinkCheck
    let settings: BookingSettings
    let hours: BookingHours
    let bells: ServiceBells
    /// Shared by every copy of the desk: one booking or reschedule of a calendar at a time.
    let lock: any BookingSerialiser
    /// Shared too: pages read free/busy from it; posts ask the calendar afresh.
    let busyTimes: BusyTimesCache

    package init(source: any CalendarSource, store: any ServiceStore, check: LinkCheck, settings: BookingSettings, hours: BookingHours,
                bells: ServiceBells, lock: any BookingSerialiser = CalendarBookingLock(), busyTimes: BusyTimesCache = BusyTimesCache()) {
        self.source = source
        self.store = store
        self.check = check
        self.settings = settings
        self.hours = hours
        self.bells = bells
        self.lock = lock
        self.busyTimes = busyTimes
    }

    /// A session and the times it can take.
    public struct Offer: Sendable {
        public var session: Session
        public var zone: TimeZone
        public var slots: [Date]
    }

    public enum Outcome: Sendable {
        /// Moved, or booked; the WhatsApp message follows from the watcher.
        case done(Session, start: Date)
        /// The slot was taken meanwhile (or is no longer offered): the page again, with a note.
        case taken(Offer)
        /// This book-again link was used already, for this time.
        case bookedAlready(Session, start: Date)
        /// The session is at that time already (the same confirmation sent twice): nothing changed.
        case unchanged(Session)
        case refused(LinkProblem)
    }

    // MARK: Rescheduling

    /// `fresh`: ask the calendar, not the page cache (a post, inside the calendar's lock).
    public func rescheduleOffer(token: String, now: Date, fresh: Bool = false) async throws -> Result<Offer, LinkProblem> {
        do {
            let (_, session) = try await check.session(for: token, action: .reschedule, now: now)
            guard !session.isGroup else { throw LinkProblem.groupNeedsAttendee }
            return .success(try await offer(for: session, movingItself: true, now: now, fresh: fresh))
        } catch let problem as LinkProblem {
            return .failure(problem)
        }
    }

    /// Moves the session to `start` if that is still free: inside the calendar's lock, free/busy
    /// is asked again, then the event is patched with `If-Match` so a host's edit made meanwhile
    /// is never overwritten.
    public func reschedule(token: String, to start: Date, now: Date) async throws -> Outcome {
        guard let calendarID = check.calendarID(of: token) else { return .refused(.notAuthentic) }
        return try await lock.serialised(calendarID) { try await moveInsideLock(token: token, to: start, now: now) }
    }

    private func moveInsideLock(token: String, to start: Date, now: Date) async throws -> Outcome {
        let offer: Offer
        switch try await rescheduleOffer(token: token, now: now, fresh: true) {
        case .success(let found): offer = found
        case .failure(let problem): return .refused(problem)
        }
        let session = offer.session
        let length = session.length
        // Read before the slot check: a confirmation sent twice finds the session there already
        // (its slot looks busy until the next sync), and is told nothing changed.
        var event = try await source.event(calendarID: session.calendarID, eventID: session.eventID)
        for attempt in 1...3 {
            if attempt > 1 { event = try await source.event(calendarID: session.calendarID, eventID: session.eventID) }
            guard !event.isDeleted else { return .refused(.gone(session)) }
            if event.start?.instant == start { return .unchanged(session) }
            guard offer.slots.contains(start) else { return .taken(offer) }
            // The host may have replaced the attendee since the last sync: the link acts for them alone.
            if let phone = session.phone.flatMap(PhoneNumber.init(e164:)),
               !LocationNumbers(event.location, defaultCallingCode: check.defaultCallingCode).phones.contains(phone) {
                return .refused(.replaced)
            }
            let zone = event.start?.timeZone ?? offer.zone.identifier
            let patch = EventPatch(start: EventTime(dateTime: RFC3339.string(from: start), timeZone: zone),
                                   end: EventTime(dateTime: RFC3339.string(from: start.addingTimeInterval(length)), timeZone: zone))
            do {
                try await source.update(calendarID: session.calendarID, eventID: session.eventID, patch: patch, ifMatch: event.etag)
                await busyTimes.forget(session.calendarID)
                bells.watcher.ring()
                return .done(session, start: start)
            } catch {
                guard (error as? any CalendarSourceFailure)?.isConflict == true, attempt < 3 else { throw error }
            }
        }
        return .taken(offer)
    }

    // MARK: Booking again

    public func bookOffer(token: String, now: Date) async throws -> Result<Offer, LinkProblem> {
        do {
            let (_, session) = try await check.cancelledSession(for: token)
            return .success(try await offer(for: session, movingItself: false, now: now))
        } catch let problem as LinkProblem {
            return .failure(problem)
        }
    }

    /// When this book-again link was used already: the session it booked, as the calendar has it now.
    public func booking(madeWith token: String) async throws -> (Session, start: Date)? {
        guard let (link, session) = try? await check.cancelledSession(for: token) else { return nil }
        for made in [Self.bookedEventID(key: link.key), Self.bookedEventID(key: token)] {
            if let booked = try? await source.event(calendarID: link.calendarID, eventID: made), !booked.isDeleted,
               let live = Self.session(session, as: booked) {
                return (live, live.start)
            }
        }
        return nil
    }

    /// The session a reschedule link names, as the calendar has it now: a move made a moment ago is
    /// there before the next sync has stored it.
    public func liveSession(reschedule token: String, now: Date) async throws -> Session? {
        guard let (link, session) = try? await check.session(for: token, action: .reschedule, now: now),
              let event = try? await source.event(calendarID: link.calendarID, eventID: link.eventID), !event.isDeleted
        else { return nil }
        return Self.session(session, as: event)
    }

    /// `session` with the time, identity and sequence of `event`.
    static func session(_ session: Session, as event: CalendarEvent) -> Session? {
        guard let start = event.start?.instant else { return nil }
        var live = session
        live.eventID = event.id
        live.start = start
        live.end = event.end?.instant ?? start.addingTimeInterval(session.length)
        live.iCalUID = event.iCalUID ?? session.iCalUID
        live.sequence = event.sequence ?? session.sequence
        live.originalStart = event.originalStartTime?.instant
        return live
    }

    /// Books the cancelled session again at `start`, for the attendee the link names: a new event
    /// with its summary and length. The event's id comes from the link's payload, so a link books
    /// once, even when retried or spelled differently; the calendar's lock keeps the slot single.
    public func book(token: String, at start: Date, now: Date) async throws -> Outcome {
        guard let calendarID = check.calendarID(of: token) else { return .refused(.notAuthentic) }
        return try await lock.serialised(calendarID) { try await bookInsideLock(token: token, at: start, now: now) }
    }

    private func bookInsideLock(token: String, at start: Date, now: Date) async throws -> Outcome {
        let (link, session): (LinkToken, Session)
        do {
            (link, session) = try await check.cancelledSession(for: token)
        } catch let problem as LinkProblem {
            return .refused(problem)
        }
        let id = Self.bookedEventID(key: link.key)
        // Links used before bookings keyed on the payload made their event under the token's spelling.
        for made in [id, Self.bookedEventID(key: token)] {
            if let booked = try? await source.event(calendarID: link.calendarID, eventID: made), !booked.isDeleted,
               let bookedStart = booked.start?.dateTime.flatMap(RFC3339.date(from:)) {
                return .bookedAlready(session, start: bookedStart)
            }
        }
        let offer = try await offer(for: session, movingItself: false, now: now, fresh: true)
        guard offer.slots.contains(start) else { return .taken(offer) }
        let length = session.length
        let zone = offer.zone.identifier
        let attendee = session.phone.flatMap { PhoneNumber(e164: $0)?.masked } ?? "the attendee"
        let event = NewEvent(
            id: id, summary: session.summary, description: "Booked again by \(attendee) on the booking page.",
            location: bookedLocation(for: session), start: EventTime(dateTime: RFC3339.string(from: start), timeZone: zone),
            end: EventTime(dateTime: RFC3339.string(from: start.addingTimeInterval(length)), timeZone: zone))
        let (made, isNew) = try await source.insert(calendarID: link.calendarID, event)
        await busyTimes.forget(link.calendarID)
        bells.watcher.ring()
        let madeStart = made.start?.dateTime.flatMap(RFC3339.date(from:)) ?? start
        return isNew ? .done(session, start: madeStart) : .bookedAlready(session, start: madeStart)
    }

    /// The new event's location: the old one when it names exactly this attendee (it may say more,
    /// "Room 2, +49 …"), else the attendee's number alone, never whoever the old event holds now.
    private func bookedLocation(for session: Session) -> String? {
        guard let phone = session.phone.flatMap(PhoneNumber.init(e164:)) else { return nil }
        if let location = session.location, LocationNumbers(location, defaultCallingCode: check.defaultCallingCode).phones == [phone] {
            return location
        }
        return phone.e164
    }

    /// Whether a book-again link was used: the event it makes has an id of its own, from `key`.
    static func bookedEventID(key: String) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuv")
        let digest = Array(SHA256.hash(data: Data(key.utf8)))
        // 26 base32hex characters (130 bits) from the digest's first 17 bytes.
        var bits = 0, value = 0, id = ""
        for byte in digest.prefix(17) {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5, id.count < 26 {
                bits -= 5
                id.append(alphabet[(value >> bits) & 31])
            }
            value &= (1 << bits) - 1
        }
        return id
    }

    // MARK: Slots

    func offer(for session: Session, movingItself: Bool, now: Date, fresh: Bool = false) async throws -> Offer {
        let zone = SessionTime.zone(session.timeZone)
        let finder = SlotFinder(settings: settings, hours: hours, zone: zone)
        let range = finder.searchRange(now: now)
        let window = DateInterval(start: range.start, end: max(range.start, range.end))
        var busy: [DateInterval]
        if !fresh, let kept = await busyTimes.busy(calendarID: session.calendarID, covering: window, now: now) {
            busy = kept
        } else {
            busy = try await source.busyTimes(calendarID: session.calendarID, in: window)
            await busyTimes.keep(busy, calendarID: session.calendarID, range: window, now: now)
        }
        let length = session.length
        if movingItself {
            // The session's own time is free for itself.
            busy = Self.subtract(DateInterval(start: session.start, duration: length), from: busy)
        }
        return Offer(session: session, zone: zone, slots: finder.slots(length: length, busy: busy, now: now))
    }

    /// `busy` without `own`: Google merges touching busy times, so the session's own time may sit
    /// inside a longer period, of which only the rest stays busy.
    static func subtract(_ own: DateInterval, from busy: [DateInterval]) -> [DateInterval] {
        busy.flatMap { period -> [DateInterval] in
            guard period.start < own.end, own.start < period.end else { return [period] }
            var rest: [DateInterval] = []
            if period.start < own.start { rest.append(DateInterval(start: period.start, end: own.start)) }
            if own.end < period.end { rest.append(DateInterval(start: own.end, end: period.end)) }
            return rest
        }
    }
}
