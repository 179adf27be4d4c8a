import Foundation
import Twilio

/// WhatsApp through Twilio's Messages API: templates as Content SIDs, status callbacks to
/// `/webhooks/twilio/status`, and an unclear send found again in Twilio's list of messages.
public struct TwilioProvider: WhatsAppProvider {
    let twilio: TwilioClient
    let sender: OutboxDispatcher.Sender
    let store: any ServiceStore

    package init(twilio: TwilioClient, sender: OutboxDispatcher.Sender, store: any ServiceStore) {
        self.twilio = twilio
        self.sender = sender
        self.store = store
    }

    public var name: String { "Twilio" }

    public func send(_ message: OutboxMessage) async throws(SendFailure) -> String {
        do {
            return try await twilio.send(outgoing(message)).sid
        } catch {
            // The client throws only `TwilioError`; anything else is treated as the unclear case.
            throw Self.failure(error as? TwilioError ?? .unknownOutcome("\(error)"))
        }
    }

    static func failure(_ error: TwilioError) -> SendFailure {
        let kind: SendFailure.Kind = error.isCredentialProblem ? .credentials : error.isUnknownOutcome ? .unknownOutcome
            : error.isFinal ? .final : .retryLater
        return SendFailure(kind, reason: error.reason, logText: error.logText)
    }

    func outgoing(_ message: OutboxMessage) -> OutgoingMessage {
        let content: OutgoingMessage.Content
        if let sid = message.contentSID {
            content = .template(contentSID: sid, variables: message.templateValues)
        } else {
            content = .text(message.body ?? "")
        }
        return OutgoingMessage(to: message.phone, from: sender.from, content: content,
                               messagingServiceSID: sender.messagingServiceSID, statusCallback: sender.statusCallback)
    }

    /// Looks in Twilio's list of messages to the attendee, since just before the unclear attempt,
    /// for this one, among those no other outbox row owns. Each message's short links are unique,
    /// so a body carrying its cancel link is it; a message without links (cancelled) must match its
    /// text exactly, or, sent as an approved template, contain every one of its values.
    public func findSent(_ message: OutboxMessage, marker: String?) async -> SendReconciliation {
        let since = (message.lastAttemptAt ?? message.createdAt).addingTimeInterval(-120)
        let records: [MessageRecord]
        do {
            records = try await twilio.messages(to: message.phone, sentAfter: since)
        } catch let error as TwilioError {
            return .unreachable(Self.failure(error))
        } catch {
            return .unreachable(SendFailure(.retryLater, reason: "could not reach Twilio: \(error)"))
        }
        let owned: Set<String>
        do {
            owned = try await store.ownedSIDs(among: records.map(\.sid))
        } catch {
            return .unreachable(SendFailure(.retryLater, reason: "the database could not be read: \(error)"))
        }
        let values = message.templateValues
        let match = records.first { record in
            guard !owned.contains(record.sid) else { return false }
            if let marker { return record.body.contains(marker) }
            if let body = message.body { return record.body == body }
            return !values.isEmpty && values.allSatisfy { record.body.contains($0) }
        }
        return match.map { .found(id: $0.sid) } ?? .notFound
    }
}

extension OutboxMessage {
    /// An approved template's `{{1}}`, `{{2}}`… values, as drafted.
    var templateValues: [String] {
        contentVariables.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
    }
}
