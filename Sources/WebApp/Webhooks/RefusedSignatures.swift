import Foundation
import Synchronization

/// Webhooks refused for their signature, for the operator: a wrong `META_APP_SECRET` (or Twilio
/// token) refuses every status and reply, and only warnings in the log said so. Three refusals in
/// the last hour with none accepted since show on the dashboard and `/healthz`. Someone else
/// posting forged requests while the provider is quiet would show too: the text says so.
final class RefusedSignatures: Sendable {
    private struct Record {
        var refusals: [Date] = []
        var lastAccepted: Date?
    }

    private let record = Mutex(Record())
    let provider: String
    let setting: String

    init(provider: String, setting: String) {
        self.provider = provider
        self.setting = setting
    }

    func refused(at now: Date) {
        record.withLock { record in
            record.refusals = record.refusals.filter { now.timeIntervalSince($0) < 3_600 }.suffix(99) + [now]
        }
    }

    func accepted(at now: Date) {
        record.withLock { $0.lastAccepted = now }
    }

    /// What to tell the host, if every recent webhook was refused.
    func problem(at now: Date) -> String? {
        record.withLock { record in
            let recent = record.refusals.filter { now.timeIntervalSince($0) < 3_600 && $0 > (record.lastAccepted ?? .distantPast) }
            guard recent.count >= 3 else { return nil }
            return "\(provider)'s webhooks are refused: \(recent.count) in the last hour had a signature that does not match "
                + "\(setting), and none was accepted since. Delivery reports and attendees' replies are not received until "
                + "\(setting) is the right one (or these came from someone else: then nothing is lost)."
        }
    }
}
