import Foundation

/// `gcal-whatsapp sync`: one round of each loop, in the order the running service would do them
/// (watch, send, write back), and what it decided, sent and left undone.
public struct OnePass: Sendable {
    let watcher: CalendarWatcher
    let sender: MessageSender
    let writeBack: CalendarWriteBack
    let store: any ServiceStore
    let text: NoticeText
    let links: AttendeeLinks

    package init(watcher: CalendarWatcher, sender: MessageSender, writeBack: CalendarWriteBack, store: any ServiceStore,
                text: NoticeText, links: AttendeeLinks) {
        self.watcher = watcher
        self.sender = sender
        self.writeBack = writeBack
        self.store = store
        self.text = text
        self.links = links
    }

    public struct Report: Sendable {
        /// The notices this pass decided, with the texts they were sent with.
        public var notices: [PlannedNotice] = []
        public var dispatch = OutboxDispatcher.Report()
        public var problems: [String] = []
        /// Calendar events still waiting to show an outcome (Google unreachable).
        public var writeBacksWaiting = 0
    }

    public func run() async -> Report {
        await sender.recoverInterruptedSends()
        let watched = await watcher.syncAll()
        let sent = await sender.sendDue()
        let written = await writeBack.writeDue()
        var report = Report(dispatch: sent.dispatch, problems: watched.problems + (sent.problem.map { [$0] } ?? []) + written.problems,
                            writeBacksWaiting: written.waiting)
        for decided in watched.decided where decided.kind != .reminder || decided.nextAttemptAt <= Date() {
            report.notices.append(await sentText(of: decided))
        }
        return report
    }

    /// The text a decided notice went out with: its stored body, or, for an approved template or
    /// a message not tried yet, the free text with the links it carries.
    private func sentText(of decided: OutboxMessage) async -> PlannedNotice {
        let stored = (try? await store.outboxMessage(decided.calendarID, decided.eventID, noticeKey: decided.noticeKey)) ?? decided
        let sent = stored.cancelCode.map { cancel in
            NoticeLinks(cancel: links.shortURL(code: cancel), reschedule: stored.rescheduleCode.map(links.shortURL(code:)))
        }
        return PlannedNotice(stored, text: stored.body ?? text.body(for: stored, links: sent))
    }
}
