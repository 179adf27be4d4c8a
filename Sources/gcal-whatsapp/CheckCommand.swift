import ArgumentParser
import Notifier

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and report what the service will use.",
        discussion: """
            Reads the environment and ./.env. Exits 0 when every setting is valid, 2 with one \
            message naming every problem otherwise. Secrets are never printed.
            """
    )

    func run() async throws {
        let settings = try Console.configuration { () throws(ConfigurationError) in
            try Settings(source: .processDefault())
        }
        print("✓ configuration is valid")
        for line in settings.summary { print("  \(line)") }
    }
}
