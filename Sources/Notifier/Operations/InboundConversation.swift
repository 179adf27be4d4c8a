public import Foundation

/// An attendee wrote to the business number (DESIGN.md workflow 8): whatever they wrote, the
/// answer lists their sessions in the next 30 days across the watched calendars. Twilio retries a
/// webhook it thinks failed; the same `MessageSid` gets the same answer without the work redone.
public struct InboundConversation: Sendable {
    let store: AppDatabase
    let text: NoticeText

    public init(store: AppDatabase, text: NoticeText) {
        self.store = store
        self.text = text
    }

    /// The answer to message `messageSID` from `phone`, and how many sessions it lists (for the log).
    public func answer(messageSID: String, from phone: PhoneNumber, at now: Date) async throws -> (reply: String, sessions: Int?) {
        if let earlier = try await store.inboundReply(messageSID: messageSID) { return (earlier, nil) }
        let sessions = try await store.sessions(of: phone.e164, startingBetween: now, and: now.addingTimeInterval(30 * 86_400))
        let reply = text.sessionList(sessions.map { ($0.start, $0.timeZone, $0.summary) })
        return (try await store.saveInboundReply(messageSID: messageSID, phone: phone.e164, reply: reply, at: now), sessions.count)
    }
}
