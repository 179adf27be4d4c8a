import ArgumentParser
import Foundation
import Notifier

/// Shows who a location would message, as the sync reads it: for a host checking a location, and
/// for the phone-corpus check in CI (`scripts/phones/compare.py`), which feeds it `--tsv` lines.
struct PhonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phones",
        abstract: "Show which WhatsApp numbers an event location names.",
        discussion: """
            Reads each LOCATION as the service reads an event's location and prints the numbers it \
            would message, or why it would message nobody. With --tsv, reads lines \
            `REGION<TAB>location` from standard input and prints, per line, the numbers \
            (E.164, comma-separated; an empty line for none).
            """
    )

    @Option(help: "DEFAULT_COUNTRY_CODE to read numbers without a country code with (a region such as DE, or +49).")
    var country: String?

    @Flag(help: "Read `REGION<TAB>location` lines from standard input.")
    var tsv = false

    @Argument(help: "Locations to read.")
    var locations: [String] = []

    func run() throws {
        if tsv {
            while let line = readLine(strippingNewline: true) {
                let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
                let code = fields.count == 2 ? CallingCode(setting: String(fields[0])) : nil
                let location = fields.count == 2 ? String(fields[1]) : line
                print(LocationNumbers(location, defaultCallingCode: code).phones.map(\.e164).joined(separator: ","))
            }
            return
        }
        let code = try country.map { value in
            guard let code = CallingCode(setting: value) else {
                throw ValidationError("--country \(value) is neither a region such as DE nor a calling code such as +49")
            }
            return code
        }
        for location in locations {
            let numbers = LocationNumbers(location, defaultCallingCode: code)
            print(location)
            for phone in numbers.phones { print("  message: \(phone.e164)") }
            for text in numbers.unusable { print("  not sent: \"\(text)\" is not a valid WhatsApp number with a country code") }
            for text in numbers.ambiguous { print("  not sent: \"\(text)\" holds two different numbers") }
            if numbers.phones.isEmpty && numbers.unusable.isEmpty && numbers.ambiguous.isEmpty { print("  no phone number") }
        }
    }
}
