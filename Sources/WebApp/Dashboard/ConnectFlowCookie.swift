import Fernet
import Foundation
import Hummingbird
import Notifier
import OAuth

/// One connect flow in flight (DESIGN.md §24): the `state` sent to the provider, the PKCE
/// verifier and the dashboard session that began it, sealed with the link key in a short-lived
/// cookie. The session cookie is `SameSite=Strict`, so the browser leaves it out of the
/// provider's redirect back; this one is `SameSite=Lax` and comes back with it, binding the
/// callback to the browser (and the session) that started the flow. Sealed, not stored: a
/// restart, or another worker, finishes the flow all the same.
struct ConnectFlowCookie: Sendable {
    static let lifetime = 600

    struct Flow: Codable, Equatable {
        let provider: String
        let state: String
        let verifier: String
        let session: String
    }

    let fernet: Fernet
    let secure: Bool

    static func name(_ provider: ConnectProvider) -> String { "gw_connect_\(provider.rawValue)" }

    func header(_ provider: ConnectProvider, _ flow: Flow?) -> String {
        let value = flow.map { fernet.encrypt((try? JSONEncoder().encode($0)) ?? Data()) } ?? ""
        return "\(Self.name(provider))=\(value); Path=/host/connect/\(provider.rawValue); Max-Age=\(flow == nil ? 0 : Self.lifetime); "
            + "HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The flow the request's cookie holds, if it opens, is younger than ten minutes and is for
    /// `provider`.
    func flow(in request: Request, for provider: ConnectProvider) -> Flow? {
        guard let value = request.cookies[Self.name(provider)]?.value,
              let data = try? fernet.decrypt(value, ttl: Int64(Self.lifetime)),
              let flow = try? JSONDecoder().decode(Flow.self, from: data), flow.provider == provider.rawValue
        else { return nil }
        return flow
    }
}
