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

    /// Creates a repeating session: `count` instances, `every` apart from `firstStart`, each
    /// `duration` long; returns the series id (instances are `<series>_<UTC start>`).
    @discardableResult
    public func createSeries(
        in calendarID: String, summary: String, firstStart: Date, duration: TimeInterval = 3_600,
        every interval: TimeInterval = 7 * 86_400, count: Int, timeZone: String = "Asia/Kolkata",
        location: String? = nil, description: String? = nil
    ) async throws -> String {
        try await store.insertSeries(
            into: calendarID, summary: summary, starts: (0..<count).map { firstStart + Double($0) * interval },
            duration: duration, timeZone: timeZone, location: location, description: description)
    }

    /// The instances of a series still on, soonest first.
    public func instances(of seriesID: String, in calendarID: String) async -> [EmulatedEvent] {
        await store.instances(of: seriesID, in: calendarID)
    }

    /// Deletes a whole series: every instance comes back cancelled, as Google lists them.
    public func deleteSeries(_ seriesID: String, in calendarID: String) async throws {
        for instance in await store.instances(of: seriesID, in: calendarID) {
            try await store.delete(instance.id, in: calendarID)
        }
    }

    /// The whole series to a new time ("All events"): as with Google, every instance gets the id of
    /// its new occurrence, so the old instances come back cancelled and new ones appear.
    public func moveSeries(_ seriesID: String, in calendarID: String, firstStart: Date) async throws {
        let instances = await store.instances(of: seriesID, in: calendarID)
        guard let first = instances.first, case .timed(let from, let zone) = first.start, case .timed(let end, _) = first.end else { return }
        let interval = instances.count > 1 ? instances[1].start.instant(calendarTimeZone: zone).timeIntervalSince(from) : 7 * 86_400
        for instance in instances { try await store.delete(instance.id, in: calendarID) }
        _ = try await store.insertSeries(
            into: calendarID, seriesID: seriesID, summary: first.summary, starts: instances.indices.map { firstStart + Double($0) * interval },
            duration: end.timeIntervalSince(from), timeZone: zone, location: first.location, description: first.description)
    }

    /// "This and following events": the instances from `instanceID` on leave the series (they come
    /// back cancelled) and a new series `<series>_R<start>` takes over from `newStart`, with as
    /// many instances at the same interval. Returns the new series id.
    @discardableResult
    public func splitSeries(at instanceID: String, in calendarID: String, newStart: Date) async throws -> String {
        let instance = try await store.event(instanceID, in: calendarID)
        guard let seriesID = instance.recurringEventId, case .timed(let from, let zone) = instance.start,
              case .timed(let end, _) = instance.end
        else { throw GoogleErrorReply.badRequest("Not an instance of a repeating event") }
        let following = await store.instances(of: seriesID, in: calendarID).filter {
            $0.start.instant(calendarTimeZone: zone) >= from
        }
        let interval = following.count > 1
            ? following[1].start.instant(calendarTimeZone: zone).timeIntervalSince(from) : 7 * 86_400
        for event in following { try await store.delete(event.id, in: calendarID) }
        let stamp = String(CalendarStore.instanceStamp(newStart).dropLast())
        return try await store.insertSeries(
            into: calendarID, seriesID: "\(seriesID)_R\(stamp)", summary: instance.summary,
            starts: following.indices.map { newStart + Double($0) * interval }, duration: end.timeIntervalSince(from),
            timeZone: zone, location: instance.location, description: instance.description)
    }

    /// Every write (`PATCH`, `POST`, `DELETE`) answers after `latency`, as Google's take 100 to 300 ms.
    public func setWriteLatency(_ latency: Duration) async {
        await faults.setWriteLatency(latency)
    }

    /// Push channels opened so far (stopped and expired ones included).
    public func channels() async -> [EmulatedChannel] {
        await push.all
    }

    /// The longest life a channel is granted, whatever its ttl asked: short, to see renewal.
    public func setChannelLifetime(max seconds: TimeInterval) async {
        await push.setMaxLifetime(seconds)
    }

    /// Loses the next `count` push notifications, as Google's are not 100 % reliable.
    public func dropNextNotifications(_ count: Int = 1) async {
        await push.dropNext(count)
    }

    /// The push notifications posted (or dropped) so far, in the order they were answered.
    public var postedNotifications: [PostedNotification] {
        push.runs.posted
    }

    /// Returns once every push notification started so far has been answered.
    public func notificationsSettled() async {
        await push.runs.settled()
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

    /// Puts back events kept from an earlier run (ids, etags and times as they were), into
    /// calendars added already.
    public func restore(_ events: [EmulatedEvent]) async {
        await store.restore(events)
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
