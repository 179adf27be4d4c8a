import Foundation
import Hummingbird
import Notifier

/// Who may use the host's pages: a request whose session cookie is genuine, unexpired and still
/// open on the server; a `POST` must also carry the session's CSRF value.
struct HostSessionGate: Sendable {
    let cookie: HostSessionCookie
    let store: any ServiceStore
    let now: @Sendable () -> Date

    /// The request's session when its cookie is genuine and unexpired and it is still open on the
    /// server (not logged out).
    func liveSession(_ request: Request) async throws -> String? {
        let now = now()
        guard let session = cookie.session(in: request, now: now),
              try await store.isHostSessionOpen(id: HostSessionCookie.id(of: session), key: cookie.fingerprint, now: now)
        else { return nil }
        return session
    }

    /// The form of a `POST` that carries a live session and its CSRF value, from this site.
    func authorized(_ request: Request) async throws -> (form: FormFields, session: String)? {
        var request = request
        let form = try await request.formFields(upTo: 4 * 1024)
        guard let session = try await liveSession(request), cookie.isValidCSRF(form["csrf"], for: session) else { return nil }
        return (form, session)
    }

    /// Whether the session with this id is still open (the connect flow's callback, which comes
    /// back without the `SameSite=Strict` session cookie).
    func isOpen(sessionID: String) async throws -> Bool {
        try await store.isHostSessionOpen(id: sessionID, key: cookie.fingerprint, now: now())
    }
}
