import Foundation

/// The emulated providers' consent page as a person answers it (DESIGN.md §24).
public enum EmulatedConsent {
    /// Opens the consent page at `url`, signs in as `account` and chooses Allow or Cancel;
    /// returns where the provider sends the browser (the app's redirect URI with a code or an error).
    public static func answer(_ url: URL, as account: String, allow: Bool = true) async throws -> String {
        let page = try await Browser.get(url)
        guard page.status == 200, let id = page.input("id"),
              let action = page.body.firstMatch(of: #/action="([^"]+)"/#).map({ String($0.1) }),
              let target = URL(string: action, relativeTo: url)
        else { throw Refused(page: page.body) }
        let decided = try await Browser.post(target.absoluteString, form: [("id", id), ("account", account), ("decision", allow ? "allow" : "deny")])
        guard decided.status == 302, let location = decided.location else { throw Refused(page: decided.body) }
        return location
    }

    public struct Refused: Error, CustomStringConvertible {
        public let page: String
        public var description: String { "the consent page did not answer as expected: \(page)" }
    }
}
