import Foundation
import Twilio

extension OutboxDispatcher {
    enum Reconciliation {
        case found(sid: String)
        case notFound
        case unreachable(TwilioError)
    }

    /// Looks in Twilio's list of messages to the attendee, since just before the unclear attempt,
    /// for this one, among those no other outbox row owns. Each message's short links are unique,
    /// so a body carrying its cancel link is it; a message without links (cancelled) must match its
    /// text exactly, or, sent as an approved template, contain every one of its values.
    func reconcile(_ message: OutboxMessage) async -> Reconciliation {
        let since = (message.lastAttemptAt ?? message.createdAt).addingTimeInterval(-120)
        let records: [MessageRecord]
        do {
            records = try await twilio.messages(to: message.phone, sentAfter: since)
        } catch let error as TwilioError {
            return .unreachable(error)
        } catch {
            return .unreachable(.transport("\(error)"))
        }
        let owned: Set<String>
        do {
            owned = try await store.ownedSIDs(among: records.map(\.sid))
        } catch {
            return .unreachable(.transport("the database could not be read: \(error)"))
        }
        let marker = (message.cancelCode ?? message.bookCode).map { drafter.links.shortURL(code: $0) }
        let values = message.contentVariables.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        let match = records.first { record in
            guard !owned.contains(record.sid) else { return false }
            if let marker { return record.body.contains(marker) }
            if let body = message.body { return record.body == body }
            return !(values ?? []).isEmpty && values!.allSatisfy { record.body.contains($0) }
        }
        return match.map { .found(sid: $0.sid) } ?? .notFound
    }
}
