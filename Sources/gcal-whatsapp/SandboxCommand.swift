import ArgumentParser
import Foundation
import Logging
import Sandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the whole service against built-in emulators of Google, Twilio (or Meta's Cloud API), Calendly and Microsoft.",
        discussion: """
            No account and no .env needed: everything listens on 127.0.0.1. Prints one URL; open \
            it to play host and attendee. Ctrl-C stops everything.
            """
    )

    @Option(help: "Port of the service and its sandbox page (0: any free port).")
    var port = 8080

    @Option(help: "Folder that keeps the sandbox's database, link key, calendar and chats for the next run (default: a temporary folder, removed on exit).")
    var data: String?

    @Flag(help: "Reschedule through the emulated Calendly page instead of the built-in booking pages.")
    var calendly = false

    @Flag(help: "Watch a local Radicale CalDAV calendar too (needs `pip install radicale`).")
    var caldav = false

    @Option(help: "Who carries the WhatsApp messages: twilio or meta (Meta's Cloud API), both emulated.")
    var provider = "twilio"

    func run() async throws {
        let logger = Console.logger(level: .notice)
        guard ["twilio", "meta"].contains(provider.lowercased()) else {
            Console.error("--provider is twilio or meta")
            throw ExitCode(64)
        }
        try await Sandbox.run(port: port, dataDirectory: data, calendly: calendly, calDAV: caldav, meta: provider.lowercased() == "meta",
                              logger: logger) { started in
            let kept = started.isKept
                ? (started.resumed ? "resumed from \(data ?? "")" : "kept in \(data ?? "") for the next run")
                : "generated for this run; --data DIR keeps it, the calendar and the chats"
            // Written straight to the file descriptor so that it shows at once, even through a pipe.
            FileHandle.standardOutput.write(Data("""
                gcal-whatsapp sandbox is running. Open \(started.page.absoluteString)
                FERNET_KEY=\(started.fernetKey)  (\(kept))
                Host dashboard: \(started.page.deletingLastPathComponent().appendingPathComponent("host").absoluteString)  password: \(started.dashboardPassword)
                \(started.calDAV.map { $0 + "\n" } ?? "")
                """.utf8))
        }
    }
}
