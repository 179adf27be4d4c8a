import ArgumentParser
import Composition
import Foundation
import Logging
import Notifier

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "One sync pass and one dispatch pass, then exit (for cron).",
        discussion: """
            Syncs every watched calendar, sends the messages due, writes outcomes back to the \
            calendar and exits: 0 when all went well, 1 when a calendar or a message failed. \
            With --dry-run, reads Google Calendar and the database and prints the WhatsApp \
            messages a sync would send now, changing nothing anywhere.
            """
    )

    @Flag(help: "Print what would be sent; change nothing, anywhere.")
    var dryRun = false

    @Flag(help: "One JSON object a notice a line: kind, calendar, event, to, start, previous_start, text.")
    var json = false

    func run() async throws {
        let settings = try Console.configuration { () throws(ConfigurationError) in
            try Settings(source: .processDefault())
        }
        guard dryRun else { return try await runOnce(settings: settings) }
        let logger = Console.logger(level: settings.logLevel, format: settings.logFormat)
        let plan: DryRun.Plan
        do {
            plan = try await WhatsAppService.dryRun(settings: settings, logger: logger)
        } catch {
            Console.error("sync --dry-run failed: \(error)")
            throw ExitCode.failure
        }
        if json {
            for notice in plan.notices { print(notice.jsonLine) }
        } else {
            print(Self.report(plan.notices))
        }
        for problem in plan.problems { Console.error("✗ \(problem)") }
        if !plan.problems.isEmpty { throw ExitCode.failure }
    }

    static func report(_ notices: [PlannedNotice]) -> String {
        guard !notices.isEmpty else { return "Nothing to send. (dry run: nothing was changed)" }
        var lines: [String] = []
        for notice in notices {
            lines.append("\(notice.kind) → \(notice.to)  [\(notice.calendar) / \(notice.event)]")
            lines += notice.text.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }
            lines.append("")
        }
        lines.append("\(notices.count) message\(notices.count == 1 ? "" : "s") would be sent. (dry run: nothing was changed)")
        return lines.joined(separator: "\n")
    }
}
