import ArgumentParser

@main
struct GcalWhatsApp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gcal-whatsapp",
        abstract: "Keeps appointment attendees informed on WhatsApp as the host edits Google Calendar.",
        discussion: """
            Settings come from the environment and from a .env file in the working directory \
            (the environment wins). See README.md and .env.example for every setting.
            """,
        subcommands: [ServeCommand.self, SyncCommand.self, SandboxCommand.self, CheckCommand.self, FernetKeyCommand.self, LinkCommand.self, BackupCommand.self, PhonesCommand.self, ConnectCommand.self, MigrateToPostgresCommand.self]
    )
}
