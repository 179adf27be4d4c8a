public import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Sends what the outbox holds: due messages go to the WhatsApp provider (Twilio or Meta) with
/// bounded concurrency and a rate limit. A rate limit or an unreachable provider is retried later;
/// a `5xx` or a time-out may have sent the message, so it is found out (Twilio's list, Meta's status
/// webhook) before any resend; a final refusal marks the message failed. Each attendee's message
/// is settled on its own: one failure blocks nobody.
public struct OutboxDispatcher: Sendable {
    let store: any ServiceStore
    let provider: any WhatsAppProvider
    let drafter: NoticeDrafter
    let schedule: OutboxRetrySchedule
    let concurrency: Int
    let pacer: RatePacer
    let logger: Logger
    let now: @Sendable () -> Date
    /// Messages whose failure could not even be recorded (the database refused that too): still
    /// `sending` in the store, which no pass takes. Each pass records them again until it can.
    private let stranded = StrandedMessages()

    package init(
        store: any ServiceStore, provider: any WhatsAppProvider, text: NoticeText, links: AttendeeLinks, contentSIDs: ContentSIDs,
        schedule: OutboxRetrySchedule = .standard, concurrency: Int, perSecond: Int, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.provider = provider
        self.drafter = NoticeDrafter(text: text, links: links, contentSIDs: contentSIDs)
        self.schedule = schedule
        self.concurrency = max(1, concurrency)
        self.pacer = RatePacer(perSecond: perSecond)
        self.logger = logger
        self.now = now
    }

    /// Who the messages come from and where Twilio reports on them.
    public struct Sender: Sendable {
        public var from: String
        public var messagingServiceSID: String?
        public var statusCallback: URL?

        public init(from: String, messagingServiceSID: String?, statusCallback: URL?) {
            self.from = from
            self.messagingServiceSID = messagingServiceSID
            self.statusCallback = statusCallback
        }
    }

    /// What one pass did.
    public struct Report: Sendable, Equatable {
        public var accepted = 0
        public var failed = 0
        public var deferred = 0
        public var skipped = 0
        /// The provider refused the account itself (bad credentials): what it said, with what to check.
        public var accountProblem: String?
    }

    /// Sends every message due now and returns once each has been tried.
    public func dispatchDue() async throws -> Report {
        await recordStranded()
        var report = Report()
        // Each message is tried once a pass, so one that cannot even be stored (a database error)
        // cannot spin the loop. On shutdown, messages already handed to Twilio finish; no new one starts.
        var tried: Set<Int64> = []
        while !Task.isShuttingDownGracefully {
            let due = try await store.dueMessages(at: now(), limit: concurrency * 8).filter { !tried.contains($0.id ?? -1) }
            if due.isEmpty { return report }
            tried.formUnion(due.compactMap(\.id))
            // The languages their attendees chose, read once for the batch rather than once a message.
            let chosen = try await store.chosenLanguages(of: Set(due.map(\.phone)))
            await withTaskGroup(of: Outcome.self) { group in
                var waiting = due[...]
                for _ in 0..<min(concurrency, waiting.count) {
                    let message = waiting.removeFirst()
                    group.addTask { await attempt(message, chosen: chosen[message.phone]) }
                }
                for await outcome in group {
                    report.count(outcome)
                    if !Task.isShuttingDownGracefully, let message = waiting.popFirst() {
                        group.addTask { await attempt(message, chosen: chosen[message.phone]) }
                    }
                }
            }
        }
        return report
    }

    enum Outcome {
        case accepted, failed, untouched
        /// To be tried again later; with the reason when the account, not the message, is at fault.
        case deferred(accountProblem: String? = nil)
        /// Not sent, and the calendar is to say why (the attendee opted out).
        case skipped
    }

    /// Tries one message; every error ends in a stored state, never in a lost message.
    func attempt(_ message: OutboxMessage, chosen: Language? = nil) async -> Outcome {
        do {
            return try await deliver(message, chosen: chosen)
        } catch {
            // The database itself failed. Push the message back a little if the database lets us;
            // either way the next pass takes it again. Once begun, it may have gone: `unknown`,
            // so that the provider's list is asked first and a sent message is never sent again.
            logger.error("outbox message not attempted", metadata: metadata(message, ["error": "\(error)"]))
            if let id = message.id {
                let begun = error is BegunSend || message.state == .sending || message.state == .unknown
                let state: OutboxMessage.State = begun ? .unknown : message.state
                do {
                    try await store.retryLater(id, as: state, at: now().addingTimeInterval(schedule.delay(afterAttempts: max(1, message.attempts))),
                                               error: "\(error)")
                } catch {
                    // Left `sending` when begun: no pass would take it again while this process lives.
                    if begun { stranded.add(id, reason: "\(error)") }
                }
            }
            return .untouched
        }
    }

    /// Records the stranded messages as `unknown` (to be looked for at the provider first), now
    /// that the database may take it.
    private func recordStranded() async {
        for (id, reason) in stranded.all() {
            do {
                try await store.retryLater(id, as: .unknown, at: now(), error: reason)
                stranded.remove(id)
            } catch {
                return
            }
        }
    }
}

/// Outbox ids, with why, whose failed attempt could not be recorded.
final class StrandedMessages: Sendable {
    private let ids = Mutex<[Int64: String]>([:])

    func add(_ id: Int64, reason: String) { ids.withLock { $0[id] = reason } }
    func remove(_ id: Int64) { ids.withLock { _ = $0.removeValue(forKey: id) } }
    func all() -> [(Int64, String)] { ids.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } } }
}

extension OutboxDispatcher.Report {
    mutating func count(_ outcome: OutboxDispatcher.Outcome) {
        switch outcome {
        case .accepted: accepted += 1
        case .failed: failed += 1
        case .deferred(let accountProblem):
            deferred += 1
            self.accountProblem = accountProblem ?? self.accountProblem
        case .skipped: skipped += 1
        case .untouched: break
        }
    }
}
