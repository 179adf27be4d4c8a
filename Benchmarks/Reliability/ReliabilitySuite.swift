import BenchmarkSupport
import Emulators
import Foundation

/// The reliability suite (DESIGN.md §11, §21), outside `swift test` because each run takes
/// minutes. Every message is counted against the Twilio emulator's own record:
///
///     swift build -c release && .build/release/ReliabilitySuite kill|kill-meta|kill-workers|soak|soak-meta|all
///
/// or `scripts/reliability`, which also runs the fuzzers.
@main
struct ReliabilitySuite {
    static func main() async throws {
        let which = CommandLine.arguments.dropFirst().first ?? "all"
        var clean = true
        if which == "all" || which == "kill" { clean = try await KillCycles(kills: 20, sessions: 500).run() && clean }
        if which == "all" || which == "kill-meta" { clean = try await KillCycles(kills: 20, sessions: 500, meta: true).run() && clean }
        if which == "all" || which == "kill-workers" { clean = try await WorkerKillCycles(workers: 3, sessions: 1_000).run() && clean }
        if which == "all" || which == "soak" { clean = try await FaultSoak(sessions: 1_000, moved: 100, cancelled: 100).run() && clean }
        if which == "all" || which == "soak-meta" {
            clean = try await FaultSoak(sessions: 1_000, moved: 100, cancelled: 100, meta: true).run() && clean
        }
        exit(clean ? 0 : 1)
    }
}

/// What the emulator received, per attendee number and message kind.
struct MessageTally {
    /// How many messages of each kind went to each number.
    var counts: [String: [MessageKind: Int]] = [:]

    enum MessageKind: String, CaseIterable {
        case scheduled, rescheduled, cancelled, other
    }

    init(_ messages: [EmulatedMessage]) {
        self.init(sent: messages.map { ($0.to, $0.body) })
    }

    init(sent messages: [(to: String, body: String)]) {
        for message in messages {
            counts[message.to, default: [:]][Self.kind(of: message.body), default: 0] += 1
        }
    }

    /// The kind, from the default templates' wording.
    static func kind(of body: String) -> MessageKind {
        if body.contains(" is scheduled for ") { return .scheduled }
        if body.contains(" has moved to ") { return .rescheduled }
        if body.contains(" has been cancelled") { return .cancelled }
        return .other
    }

    /// A burst's tally: each of `sessions` attendees should have had one scheduled message; a
    /// number that had none is lost (the emulator never saw it, so it is counted here).
    static func burst(_ messages: [(to: String, body: String)], sessions: Int) -> (lost: Int, duplicated: Int, unexpected: Int) {
        let numbers = Set(messages.map(\.to))
        let expected = Dictionary(uniqueKeysWithValues: numbers.map { ($0, Set([MessageKind.scheduled])) })
        var result = MessageTally(sent: messages).compare(expected: expected)
        result.lost += sessions - numbers.count
        return result
    }

    /// Expected messages missing and extra ones, given what each number should have had once.
    func compare(expected: [String: Set<MessageKind>]) -> (lost: Int, duplicated: Int, unexpected: Int) {
        var lost = 0, duplicated = 0, unexpected = 0
        for (number, kinds) in expected {
            for kind in kinds {
                let got = counts[number]?[kind] ?? 0
                if got == 0 { lost += 1 } else { duplicated += got - 1 }
            }
        }
        for (number, byKind) in counts {
            for (kind, got) in byKind where !(expected[number]?.contains(kind) ?? false) { unexpected += got }
        }
        return (lost, duplicated, unexpected)
    }
}
