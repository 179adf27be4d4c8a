import ArgumentParser
import Fernet

struct FernetKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fernet-key",
        abstract: "Print a new random Fernet key for FERNET_KEY.",
        discussion: """
            To rotate keys, put the new key first and keep the old one after it, comma-separated: \
            new links use the first key, links already sent keep working until you drop the old key.
            """
    )

    func run() {
        print(FernetKey.generate().base64URL)
    }
}
