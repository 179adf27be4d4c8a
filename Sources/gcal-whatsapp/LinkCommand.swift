import ArgumentParser
import Foundation
import Notifier

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Work with cancel and reschedule links.",
        subcommands: [Inspect.self]
    )

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode a link or token with the keys in FERNET_KEY.",
            discussion: """
                Accepts a bare token or a /cancel/… or /reschedule/… URL. Prints the action, calendar, \
                event, sequence and issue time. Exits 0 when the token is authentic, 1 when it is \
                invalid or tampered with, 2 when FERNET_KEY is missing or malformed.
                """
        )

        @Argument(help: "A token, or a URL ending in /cancel/TOKEN or /reschedule/TOKEN.")
        var urlOrToken: String

        func run() throws {
            let keys = try Console.configuration { () throws(ConfigurationError) in
                try Settings.fernetKeys(source: .processDefault())
            }
            do {
                let (link, issuedAt) = try LinkTokenCodec(keys: keys).read(urlOrToken: urlOrToken)
                print("""
                    valid:    yes
                    action:   \(link.action.rawValue)
                    calendar: \(link.calendarID)
                    event:    \(link.eventID)
                    sequence: \(link.sequence)
                    issued:   \(issuedAt.formatted(.iso8601))
                    """)
            } catch {
                print("valid:    no (\(error.description))")
                throw ExitCode.failure
            }
        }
    }
}
