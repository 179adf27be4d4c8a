import ArgumentParser
import Composition
import Foundation
import Notifier

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect your own Google or Microsoft account (no service account, no dashboard needed).",
        discussion: """
            Prints a sign-in address: open it in a browser on this machine, sign in and allow \
            access. The provider sends the browser back to this command on a loopback port \
            (127.0.0.1 for Google, localhost for Microsoft); the refresh token is stored encrypted \
            with FERNET_KEY in the database (DATABASE_URL, or DATABASE_PATH), and a running service picks the account up on its \
            next poll. Google needs GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET (a \
            "Desktop app" client accepts any port); Microsoft needs MICROSOFT_CLIENT_ID, \
            MICROSOFT_CLIENT_SECRET and MICROSOFT_CALENDARS=me with http://localhost registered. \
            On a server without a browser, forward the port first: ssh -L PORT:127.0.0.1:PORT.
            """
    )

    @Argument(help: "google or microsoft")
    var provider: String

    @Option(help: "The loopback port to wait on (0: any free one). A Google web client needs the one registered with it.")
    var port: Int = 0

    func run() async throws {
        guard let chosen = ConnectProvider(rawValue: provider.lowercased()) else {
            Console.error("connect what? Say google or microsoft.")
            throw ExitCode(64)
        }
        let settings = try Console.configuration { () throws(ConfigurationError) in try Settings(source: .processDefault()) }
        let logger = Console.logger(level: .warning, format: settings.logFormat)
        do {
            let account = try await TerminalConnect.run(chosen, settings: settings, port: port, show: { url in
                print("Open this address in a browser on this machine, sign in and allow access:\n\n\(url)\n\nWaiting for the sign-in (10 minutes)…")
                // Shown now even when standard output is a file or a pipe.
                fflush(nil)
            }, logger: logger)
            print("connected \(chosen.title) as \(account); a running service watches its calendar from its next poll")
        } catch {
            Console.error("not connected: \(error)")
            throw ExitCode.failure
        }
    }
}
