import ArgumentParser
import Composition
import Notifier

extension SyncCommand {
    /// One sync pass and one dispatch pass; exit 1 when a calendar, a message or a write-back failed.
    func runOnce(settings: Settings) async throws {
        let logger = Console.logger(level: settings.logLevel, format: settings.logFormat)
        let report: OnePass.Report
        do {
            report = try await WhatsAppService.runOnePass(settings: settings, logger: logger)
        } catch {
            Console.error("cannot start: \(error)")
            throw ExitCode.failure
        }
        if json {
            for notice in report.notices { print(notice.jsonLine) }
        } else {
            let count = report.notices.count
            print("""
                \(count) new notice\(count == 1 ? "" : "s"); sent \(report.dispatch.accepted), \
                failed \(report.dispatch.failed), to retry \(report.dispatch.deferred)
                """)
        }
        for problem in report.problems { Console.error("✗ \(problem)") }
        if !report.problems.isEmpty || report.dispatch.failed > 0 { throw ExitCode.failure }
    }
}
