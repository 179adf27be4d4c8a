public import Fernet
public import Foundation

/// Mints and reads link tokens: a `LinkToken` payload sealed with Fernet under `FERNET_KEY`.
public struct LinkTokenCodec: Sendable {
    public let fernet: Fernet

    public init(fernet: Fernet) {
        self.fernet = fernet
    }

    public init(keys: [FernetKey]) {
        self.init(fernet: Fernet(keys: keys))
    }

    /// A token for `link`, stamped with the current time.
    public func mint(_ link: LinkToken) -> String {
        fernet.encrypt(link.payload())
    }

    /// The link a token stands for and when it was made; tampered, foreign or malformed tokens throw.
    public func read(_ token: String) throws(LinkTokenError) -> (link: LinkToken, issuedAt: Date) {
        let opened: (plaintext: Data, issuedAt: Date)
        do {
            opened = try fernet.decryptWithTimestamp(token)
        } catch {
            throw .notAuthentic
        }
        guard let link = try? JSONDecoder().decode(LinkToken.self, from: opened.plaintext) else {
            throw .unreadablePayload
        }
        return (link, opened.issuedAt)
    }

    /// Finds the token in what an attendee or operator has at hand: the token itself, or a
    /// `/cancel/{token}` or `/reschedule/{token}` URL (whose action must agree with the token's).
    public func read(urlOrToken text: String) throws(LinkTokenError) -> (link: LinkToken, issuedAt: Date) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.contains("/") else { return try read(trimmed) }
        let path = URLComponents(string: trimmed)?.path ?? trimmed
        let segments = path.split(separator: "/").map(String.init)
        guard segments.count >= 2, let action = LinkToken.Action(rawValue: segments[segments.count - 2]) else {
            throw .notALink
        }
        let opened = try read(segments[segments.count - 1].removingPercentEncoding ?? segments[segments.count - 1])
        guard opened.link.action == action else { throw .actionMismatch(path: action, token: opened.link.action) }
        return opened
    }
}

public enum LinkTokenError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAuthentic
    case unreadablePayload
    case notALink
    case actionMismatch(path: LinkToken.Action, token: LinkToken.Action)

    public var description: String {
        switch self {
        case .notAuthentic: "not a valid token for these keys (tampered, malformed, or made with another key)"
        case .unreadablePayload: "authentic, but its payload is not a link"
        case .notALink: "not a token, nor a /cancel/… or /reschedule/… URL"
        case .actionMismatch(let path, let token): "a /\(path.rawValue)/ URL carrying a \(token.rawValue) token"
        }
    }
}
