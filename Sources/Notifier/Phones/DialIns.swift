import Foundation

/// The dial-in part of a pasted meeting invitation (Zoom, Teams, Meet, Webex): its numbers are the
/// conference's, never the attendee's (DESIGN.md §22). From a header such as "One tap mobile" or
/// "Dial by your location" to the end, and every dial string ("+1 646 558 8656,,84512345678#"),
/// is left out before the location is read.
enum DialIns {
    /// Lines that start an invitation's list of dial-in numbers, lowercased.
    static let headers = [
        "one tap mobile", "dial by your location", "dial-in", "dial in", "or dial", "join by phone", "call in",
        "find your local number", "conference id", "audio only", "einwahl", "per telefon", "marcar por", "llamar al",
        "numéro de téléphone de la réunion", "composer le",
    ]

    /// A number followed by the pauses (`,,`) or the `,<id>#` that dial into a meeting.
    private static let dialString = try! NSRegularExpression(
        pattern: #"\+?[0-9][0-9 ().\-]{5,}[0-9]\s*(,,[0-9*#,]*|,[0-9]{4,}#[0-9*#,]*)"#)

    static func removed(from location: String) -> String {
        var text = location
        let lowered = text.lowercased()
        if let header = headers.compactMap({ lowered.range(of: $0)?.lowerBound }).min() {
            // The header's offset in the lowercased copy is the same in the original for these
            // ASCII-first headers only when lowercasing kept lengths; cut by character count to be safe.
            let count = lowered.distance(from: lowered.startIndex, to: header)
            text = String(text.prefix(count))
        }
        let whole = NSRange(text.startIndex..., in: text)
        return dialString.stringByReplacingMatches(in: text, range: whole, withTemplate: "|")
    }
}
