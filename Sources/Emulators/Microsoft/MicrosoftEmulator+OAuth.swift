import Foundation

/// Connecting a Microsoft account through the emulated identity platform (DESIGN.md §24):
/// the settings for `MICROSOFT_CALENDARS=me`, and the host side of a grant's life.
extension MicrosoftEmulator {
    /// The settings that connect an account through this emulator's app (`me`), and read
    /// `mailboxes` with the app's own permissions as well.
    public func connectSettings(alsoMailboxes mailboxes: [String] = []) async -> [String: String] {
        var settings = await settings(calendars: ["me"] + mailboxes)
        if mailboxes.isEmpty { settings["MICROSOFT_TENANT_ID"] = "" }
        return settings
    }

    /// As when an administrator revokes the user's sessions (or the user changes their password):
    /// every grant of `account` stops working; Microsoft has no per-app revocation by API.
    public func revokeGrants(of account: String) async {
        await identity.consent.revokeGrants(of: account)
    }

    public func expireConnectedAccessTokens() async {
        await identity.consent.expireAccessTokens()
    }

    public func liveGrants(of account: String) async -> Int {
        await identity.consent.liveGrants(of: account)
    }

    /// Makes a mailbox for a connected account to sign in as.
    public func addMailbox(_ mailbox: String) async {
        await store.addMailbox(mailbox)
    }

    /// Refresh-token requests so far.
    public var oauthRefreshes: Int {
        get async { await identity.consent.refreshes }
    }
}
