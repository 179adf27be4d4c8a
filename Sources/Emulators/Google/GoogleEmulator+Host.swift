public import Foundation

/// What the host does in Google Calendar's own interface, as plain calls for tests and the sandbox.
extension GoogleEmulator {
    /// Adds a calendar (or changes the time zone of an existing one).
    public func addCalendar(_ id: String, timeZone: String = "Asia/Kolkata") async {
        await store.addCalendar(id, timeZone: timeZone)
    }

    /// Creates a timed event and returns its id.
    @discardableResult
    public func createEvent(
        in calendarID: String, summary: String, start: Date, end: Date, timeZone: String = "Asia/Kolkata",
        location: String? = nil, description: String? = nil
    ) async throws -> String {
        try await store.insert(
            into: calendarID, summary: summary, start: .timed(start, timeZone: timeZone),
            end: .timed(end, timeZone: timeZone), location: location, description: description
        )
    }

    /// Creates an all-day event on `day` (`yyyy-MM-dd`) and returns its id.
    @discardableResult
    public func createAllDayEvent(
        in calendarID: String, summary: String, day: String, location: String? = nil, description: String? = nil
    ) async throws -> String {
        try await store.insert(
            into: calendarID, summary: summary, start: .allDay(day), end: .allDay(EmulatedTime.dayAfter(day)),
            location: location, description: description
        )
    }

    /// Moves a timed event, keeping its time zone; bumps its `sequence`.
    public func moveEvent(_ eventID: String, in calendarID: String, start: Date, end: Date) async throws {
        try await store.edit(eventID, in: calendarID) { event in
            let zone = if case .timed(_, let zone) = event.start { zone } else { "UTC" }
            event.start = .timed(start, timeZone: zone)
            event.end = .timed(end, timeZone: zone)
        }
    }

    public func renameEvent(_ eventID: String, in calendarID: String, to summary: String) async throws {
        try await store.edit(eventID, in: calendarID) { $0.summary = summary }
    }

    public func setLocation(of eventID: String, in calendarID: String, to location: String?) async throws {
        try await store.edit(eventID, in: calendarID) { $0.location = location }
    }

    public func setDescription(of eventID: String, in calendarID: String, to description: String?) async throws {
        try await store.edit(eventID, in: calendarID) { $0.description = description }
    }

    public func setColor(of eventID: String, in calendarID: String, to colorId: String?) async throws {
        try await store.edit(eventID, in: calendarID) { $0.colorId = colorId }
    }

    /// Deletes an event the way Google does: it stays, `cancelled`, for incremental sync.
    public func deleteEvent(_ eventID: String, in calendarID: String) async throws {
        try await store.delete(eventID, in: calendarID)
    }

    /// The event as it is now, or nil if it never existed.
    public func event(_ eventID: String, in calendarID: String) async -> EmulatedEvent? {
        try? await store.event(eventID, in: calendarID)
    }

    /// Every event of a calendar, deleted ones included.
    public func events(in calendarID: String) async -> [EmulatedEvent] {
        await store.events(in: calendarID)
    }

    /// Makes the calendar's sync tokens answer `410 fullSyncRequired`.
    public func invalidateSyncTokens(of calendarID: String) async throws {
        try await store.invalidateSyncTokens(of: calendarID)
    }

    /// Queues faults for the next API requests, one each, in order.
    public func injectFaults(_ faults: [GoogleFault]) async {
        await self.faults.append(faults)
    }

    /// Answers this share of API requests (0…1) with a random rate-limit or server error.
    public func setRandomFaultRate(_ rate: Double) async {
        await faults.setRandomRate(rate)
    }

    /// The requests served so far.
    public var requestCounts: GoogleRequestCounts {
        get async { await faults.counts }
    }

    /// Makes every access token issued so far stop working, as a revocation would.
    public func revokeAccessTokens() async {
        await issuer.revokeAll()
    }
}
