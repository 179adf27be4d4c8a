public import ClientSupport
import Fernet
public import Foundation

/// The connected accounts' refresh tokens, stored sealed (DESIGN.md §24): Fernet with the link
/// key, the provider's name sealed in with the token so that a row copied onto another provider
/// does not open. A database file that leaks gives away no token without `FERNET_KEY`.
public struct ConnectedAccounts: Sendable {
    let store: any ServiceStore
    let fernet: Fernet

    package init(store: any ServiceStore, keys: [FernetKey]) {
        self.store = store
        fernet = Fernet(keys: keys)
    }

    /// A connection as read back: whose it is and its refresh token.
    public struct Grant: Sendable {
        public let provider: ConnectProvider
        public let account: String
        public let refreshToken: Secret
        public let connectedAt: Date
    }

    /// A sealed token that does not open: `FERNET_KEY` changed without keeping the old key.
    public struct Unreadable: Error, CustomStringConvertible {
        public let provider: ConnectProvider
        public var description: String {
            "the stored \(provider.title) connection cannot be read with FERNET_KEY (was the key replaced without keeping the old one after a comma?)"
        }
    }

    public func save(_ provider: ConnectProvider, account: String, refreshToken: Secret, now: Date) async throws {
        try await store.saveConnectedAccount(ConnectedAccountRow(provider: provider.rawValue, account: account,
                                                                 sealedRefreshToken: seal(refreshToken, for: provider), connectedAt: now))
    }

    /// Keeps a refresh token the provider rotated, if the connection is still the same one.
    public func replaceRefreshToken(_ provider: ConnectProvider, account: String, with token: Secret) async throws {
        try await store.replaceRefreshToken(provider: provider.rawValue, account: account, sealed: seal(token, for: provider))
    }

    /// The provider's connection, nil when none; throws `Unreadable` when its token does not open.
    public func grant(_ provider: ConnectProvider) async throws -> Grant? {
        guard let row = try await store.connectedAccount(provider: provider.rawValue) else { return nil }
        return Grant(provider: provider, account: row.account, refreshToken: try open(row.sealedRefreshToken, for: provider),
                     connectedAt: row.connectedAt)
    }

    /// When the provider's connection now stored was made, without opening its token; nil when
    /// there is none. Throws only when the database cannot be read.
    public func connectedAt(_ provider: ConnectProvider) async throws -> Date? {
        try await store.connectedAccount(provider: provider.rawValue)?.connectedAt
    }

    /// Every connection, for the connect page (tokens left sealed).
    public func all() async throws -> [(provider: ConnectProvider, account: String, connectedAt: Date)] {
        try await store.connectedAccounts().compactMap { row in
            ConnectProvider(rawValue: row.provider).map { ($0, row.account, row.connectedAt) }
        }
    }

    @discardableResult
    public func forget(_ provider: ConnectProvider) async throws -> Bool {
        try await store.removeConnectedAccount(provider: provider.rawValue)
    }

    private func seal(_ token: Secret, for provider: ConnectProvider) -> String {
        fernet.encrypt(Data("\(provider.rawValue)\n\(token.value)".utf8))
    }

    private func open(_ sealed: String, for provider: ConnectProvider) throws -> Secret {
        let prefix = "\(provider.rawValue)\n"
        guard let data = try? fernet.decrypt(sealed), let text = String(data: data, encoding: .utf8), text.hasPrefix(prefix)
        else { throw Unreadable(provider: provider) }
        return Secret(String(text.dropFirst(prefix.count)))
    }
}
