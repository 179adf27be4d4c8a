public import CalendarModel
public import Foundation
import Synchronization

/// Every watched calendar, whatever its kind, as one `CalendarSource`: each call goes to the source
/// that holds the calendar (Google's ids, CalDAV's collection URLs). The rules see one source.
///
/// It also knows which calendars are *disconnected* (DESIGN.md §23): an account that could not be
/// connected at start (a CalDAV server down, an app password changed) waits here and is tried
/// again on every sync round, and a calendar whose source refuses it for good is marked until a
/// sync succeeds again. Nothing else stops: the other calendars go on.
public final class CalendarDirectory: CalendarSource {
    private struct State {
        /// `account` is the waiting account the entry came from (nil for those given at start).
        var entries: [(calendarIDs: [String], source: any CalendarSource, account: WaitingAccount?)]
        var waiting: [WaitingAccount] = []
        /// Calendar id or account label → (its kind, the problem and what to do).
        var disconnected: [String: (kind: String, problem: String)] = [:]
        /// Calendars whose rounds fail for another reason (the server not answering): how many
        /// rounds in a row, and the last problem.
        var failing: [String: (rounds: Int, problem: String)] = [:]
    }

    private let state: Mutex<State>

    public init(_ entries: [(calendarIDs: [String], source: any CalendarSource)]) {
        state = Mutex(State(entries: entries.map { ($0.calendarIDs.sorted(), $0.source, nil) }))
    }

    /// Every calendar watched now, in the order the sources were given.
    public var calendarIDs: [String] { state.withLock { $0.entries.flatMap(\.calendarIDs) } }

    func source(of calendarID: String) throws -> any CalendarSource {
        let source = state.withLock { $0.entries.first { $0.calendarIDs.contains(calendarID) }?.source }
        guard let source else { throw UnknownCalendar(calendarID: calendarID) }
        return source
    }

    // MARK: Disconnected calendars

    /// An account whose calendars are not known yet because connecting failed; `connect` is tried
    /// again each round.
    public struct WaitingAccount: Sendable {
        /// How `check` and the dashboard name it (`CalDAV account ann at https://…`).
        public let label: String
        /// "CalDAV", "Microsoft 365": all `/healthz` says of it.
        public let kind: String
        public let connect: @Sendable () async throws -> (calendarIDs: [String], source: any CalendarSource)
        public let hint: @Sendable (any Error) -> String?
        /// Asked each round once connected: false when what it connected with was replaced or
        /// removed elsewhere (a grant stored by `gcal-whatsapp connect` in another process), and
        /// the account is then connected again.
        public let isCurrent: @Sendable () async -> Bool
        /// Tells this wait from a later one of the same account (`reset`): a connect begun before
        /// the reset must not bring back the grant it was made with.
        let id = UUID()

        public init(label: String, kind: String, connect: @escaping @Sendable () async throws -> (calendarIDs: [String], source: any CalendarSource),
                    hint: @escaping @Sendable (any Error) -> String?, isCurrent: @escaping @Sendable () async -> Bool = { true }) {
            self.isCurrent = isCurrent
            self.label = label
            self.kind = kind
            self.connect = connect
            self.hint = hint
        }
    }

    /// Adds an account to be connected by the next `connectWaiting()` (the first sync round).
    public func wait(for account: WaitingAccount) {
        state.withLock { $0.waiting.append(account) }
    }

    /// Tries each waiting account again; those that connect join the watched calendars.
    /// Returns the problems of those still waiting.
    @discardableResult
    public func connectWaiting() async -> [String] {
        for account in state.withLock({ $0.entries.compactMap(\.account) }) where await !account.isCurrent() {
            reset(account)
        }
        let waiting = state.withLock { $0.waiting }
        var problems: [String] = []
        for account in waiting {
            do {
                let connected = try await account.connect()
                state.withLock { state in
                    // Two rounds may connect the same account at once; it joins once.
                    guard state.waiting.contains(where: { $0.id == account.id }) else { return }
                    state.waiting.removeAll { $0.label == account.label }
                    state.disconnected[account.label] = nil
                    // A calendar another source already watches stays with it (a connected
                    // account whose calendar the service account reads too).
                    let watched = Set(state.entries.flatMap(\.calendarIDs))
                    state.entries.append((connected.calendarIDs.filter { !watched.contains($0) }.sorted(), connected.source, account))
                }
            } catch {
                let problem = Self.problem(account.label, error, hint: account.hint(error))
                let reported = state.withLock { state in
                    guard state.waiting.contains(where: { $0.id == account.id }) else { return false }
                    // An account the host may connect but has not is news only while nothing at all is watched.
                    guard !(error is any NotYetConnected) || state.entries.allSatisfy(\.calendarIDs.isEmpty) else {
                        state.disconnected[account.label] = nil
                        return false
                    }
                    state.disconnected[account.label] = (account.kind, problem)
                    return true
                }
                if reported { problems.append(problem) }
            }
        }
        return problems
    }

    /// Puts an account back to waiting, its calendars no longer watched (a connected account
    /// disconnected, or connected anew with another grant); the next `connectWaiting()` connects
    /// it again if it can.
    public func reset(_ account: WaitingAccount) {
        state.withLock { state in
            let dropped = state.entries.filter { $0.account?.label == account.label }.flatMap(\.calendarIDs)
            state.entries.removeAll { $0.account?.label == account.label }
            for calendarID in dropped {
                state.disconnected[calendarID] = nil
                state.failing[calendarID] = nil
            }
            state.waiting.removeAll { $0.label == account.label }
            state.waiting.append(account)
            state.disconnected[account.label] = nil
        }
    }

    /// Records how a calendar's sync went: a refusal the source has advice for (credentials,
    /// a grant, a removed calendar) marks it disconnected; success clears it.
    public func record(calendarID: String, error: (any Error)?) {
        let line: String? = error.flatMap { error in accessHint(for: error).map { _ in problem(calendarID: calendarID, error: error) } }
        let kind = kind(of: calendarID) ?? "Calendar"
        let failure = error.map { problem(calendarID: calendarID, error: $0) }
        state.withLock { state in
            // A round that ends after its account was disconnected (or connected anew) tells
            // nothing about the calendars watched now.
            guard state.entries.contains(where: { $0.calendarIDs.contains(calendarID) }) else {
                state.disconnected[calendarID] = nil
                state.failing[calendarID] = nil
                return
            }
            state.disconnected[calendarID] = line.map { (kind, $0) }
            if line == nil, let failure {
                state.failing[calendarID] = ((state.failing[calendarID]?.rounds ?? 0) + 1, failure)
            } else {
                state.failing[calendarID] = nil
            }
        }
    }

    /// The calendars (or accounts) disconnected now, each with its kind, its problem and what to do.
    public var disconnections: [(calendar: String, kind: String, problem: String)] {
        state.withLock { $0.disconnected.sorted { $0.key < $1.key }.map { ($0.key, $0.value.kind, $0.value.problem) } }
    }

    /// The calendars a connected account brought (by its label).
    public func calendarIDs(ofAccount label: String) -> [String] {
        state.withLock { $0.entries.filter { $0.account?.label == label }.flatMap(\.calendarIDs) }
    }

    /// The problems of one waiting account (by its label): its own while it waits, and those of the
    /// calendars it brought once connected.
    public func problems(ofAccount label: String) -> [String] {
        state.withLock { state in
            let calendars = Set(state.entries.filter { $0.account?.label == label }.flatMap(\.calendarIDs))
            return state.disconnected.filter { $0.key == label || calendars.contains($0.key) }.sorted { $0.key < $1.key }.map(\.value.problem)
        }
    }

    /// Calendars that have not answered for `rounds` rounds in a row or more (a server down while
    /// the service runs: not "disconnected", its credentials still hold, but the host should know).
    public func unanswered(forRounds rounds: Int = 3) -> [(calendar: String, problem: String)] {
        state.withLock { $0.failing.filter { $0.value.rounds >= rounds }.sorted { $0.key < $1.key }.map { ($0.key, $0.value.problem) } }
    }

    private static func problem(_ label: String, _ error: any Error, hint: String?) -> String {
        let line = "\(label): \(error)"
        return line + (hint.map { (line.hasSuffix(".") ? " " : ". ") + $0 } ?? "")
    }

    // MARK: CalendarSource

    public func changes(calendarID: String, since cursor: String?, previous: String?, window: DateInterval) async throws -> CalendarChanges {
        try await source(of: calendarID).changes(calendarID: calendarID, since: cursor, previous: previous, window: window)
    }

    public func event(calendarID: String, eventID: String) async throws -> CalendarEvent {
        try await source(of: calendarID).event(calendarID: calendarID, eventID: eventID)
    }

    public func update(calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String?) async throws -> CalendarEvent {
        try await source(of: calendarID).update(calendarID: calendarID, eventID: eventID, patch: patch, ifMatch: etag)
    }

    public func delete(calendarID: String, eventID: String, ifMatch etag: String?) async throws {
        try await source(of: calendarID).delete(calendarID: calendarID, eventID: eventID, ifMatch: etag)
    }

    public func busyTimes(calendarID: String, in range: DateInterval) async throws -> [DateInterval] {
        try await source(of: calendarID).busyTimes(calendarID: calendarID, in: range)
    }

    public func insert(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool) {
        try await source(of: calendarID).insert(calendarID: calendarID, event)
    }

    public var kind: String { "Calendar" }

    /// The kind of the source that holds `calendarID`, nil for one no source holds.
    public func kind(of calendarID: String) -> String? {
        try? source(of: calendarID).kind
    }

    /// The watched calendars of one kind ("Google Calendar", "Microsoft 365") whose source has
    /// push, each with it: what a push keeper keeps channels on.
    public func pushTargets(kind: String) -> [(calendarID: String, push: any CalendarPush)] {
        state.withLock { state in
            state.entries.filter { $0.source.kind == kind }.flatMap { entry in
                entry.source.push.map { push in entry.calendarIDs.map { ($0, push) } } ?? []
            }
        }
    }

    /// The source of a watched calendar, nil when none holds it.
    public func watchedSource(of calendarID: String) -> (any CalendarSource)? {
        try? source(of: calendarID)
    }

    /// Push channels are opened per source (Google's `events.watch`); the directory has none of its own.
    public var push: (any CalendarPush)? { nil }

    public func accessHint(for error: any Error) -> String? {
        let sources = state.withLock { $0.entries.map(\.source) }
        return sources.lazy.compactMap { $0.accessHint(for: error) }.first
    }

    /// The error of an account that can be connected (DESIGN.md §24) but has not been: not a
    /// disconnection while other calendars are watched.
    public protocol NotYetConnected: Error {}

    /// A calendar id no source holds (a link to a calendar no longer watched).
    public struct UnknownCalendar: Error, CustomStringConvertible {
        public let calendarID: String
        public var description: String { "no watched calendar \(calendarID)" }

        public init(calendarID: String) {
            self.calendarID = calendarID
        }
    }
}
