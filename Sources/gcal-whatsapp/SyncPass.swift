import ArgumentParser
import AsyncHTTPClient
import Composition
import Notifier

extension SyncCommand {
    /// One sync pass and one dispatch pass; exit 1 when a calendar, a message or a write-back failed.
    func runOnce(settings: Settings) async throws {
        let logger = Console.logger(level: settings.logLevel, format: settings.logFormat)
        let lock = try Console.startUp { try DatabaseLock.acquire(databasePath: settings.databasePath) }
        defer { withExtendedLifetime(lock) {} }
        let httpClient = HTTPClient.forService(settings)
        let service = try Console.startUp { try WhatsAppService(settings: settings, httpClient: httpClient, logger: logger) }
        let report = await service.runOnePass()
        try await httpClient.shutdown()
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
