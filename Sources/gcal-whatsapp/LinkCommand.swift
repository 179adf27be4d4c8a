import ArgumentParser
import Composition
import Foundation
import Logging
import Notifier

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Work with cancel and reschedule links.",
        subcommands: [Inspect.self]
    )

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode a link or token with the keys in FERNET_KEY.",
            discussion: """
                Accepts a bare token, a /cancel/… or /reschedule/… URL, or a short /r/… link, which is \
                looked up in the database at DATABASE_PATH. Prints the action, calendar, event, \
                sequence and issue time. Exits 0 when the token is authentic, 1 when it is invalid, \
                tampered with or an unknown short link, 2 when FERNET_KEY is missing or malformed.
                """
        )

        @Argument(help: "A token, a URL ending in /cancel/TOKEN or /reschedule/TOKEN, or a short link ending in /r/CODE.")
        var urlOrToken: String

        func run() async throws {
            let keys = try Console.configuration { () throws(ConfigurationError) in
                try Settings.fernetKeys(source: .processDefault())
            }
            var tokenText = urlOrToken
            if let code = Self.shortCode(in: urlOrToken) {
                tokenText = try await Self.target(ofShortCode: code)
                print("short:    /r/\(code) → \(tokenText)")
            }
            do {
                let (link, issuedAt) = try LinkTokenCodec(keys: keys).read(urlOrToken: tokenText)
                print("""
                    valid:    yes
                    action:   \(link.action.rawValue)
                    calendar: \(link.calendarID)
                    event:    \(link.eventID)
                    sequence: \(link.sequence)
                    attendee: \(link.attendee.flatMap(PhoneNumber.init(e164:))?.masked ?? "(not named: acts on the event's one attendee)")
                    issued:   \(issuedAt.formatted(.iso8601))
                    """)
            } catch {
                print("valid:    no (\(error.description))")
                throw ExitCode.failure
            }
        }
    
        /// The code of a short link (`…/r/CODE`), if the text is one.
        static func shortCode(in text: String) -> String? {
            let path = URLComponents(string: text.trimmingCharacters(in: .whitespaces))?.path ?? text
            let parts = path.split(separator: "/")
            guard parts.count >= 2, parts[parts.count - 2] == "r" else { return nil }
            return String(parts[parts.count - 1])
        }

        /// What a short code stands for, from the database; an unknown code is an invalid link.
        static func target(ofShortCode code: String) async throws -> String {
            let (path, url) = try Console.configuration { () throws(ConfigurationError) in
                (try Settings.databasePath(source: .processDefault()), try Settings.databaseURL(source: .processDefault()))
            }
            // The store it read, as the operator named it: PostgreSQL's (password left out) or SQLite's file.
            let database = url.map { "PostgreSQL at \($0) (DATABASE_URL)" } ?? "\(path) (DATABASE_PATH)"
            let link: ShortLink?
            do {
                let store = try await ServiceStores.openForReading(
                    url: url, path: path, logger: Logger(label: "link", factory: { _ in SwiftLogNoOpLogHandler() }))
                link = try await store.link(code: code)
                await store.close()
            } catch {
                Console.error("The database \(database) cannot be read: \(error)")
                throw ExitCode.failure
            }
            guard let link else {
                print("valid:    no (unknown short link /r/\(code): not in the database \(database); is it the service's?)")
                throw ExitCode.failure
            }
            return link.target
        }
    }
}
