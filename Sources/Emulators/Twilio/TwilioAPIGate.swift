import Foundation
import Hummingbird

/// In front of every `/2010-04-01/Accounts/…` route: counts the request, checks HTTP Basic
/// credentials, and refuses paths of any other account.
struct TwilioAPIGate: RouterMiddleware {
    typealias Context = BasicRequestContext

    let accountSID: String
    let authToken: String
    let ledger: MessageLedger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        await ledger.countRequest(isSend: request.method == .post && path.hasSuffix("/Messages.json"))
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(authorization.dropFirst("Basic ".count))),
              String(decoding: decoded, as: UTF8.self) == "\(accountSID):\(authToken)"
        else { throw TwilioErrorReply.unauthenticated() }
        // ["2010-04-01", "Accounts", "AC….json" or "AC…", …]
        let segments = path.split(separator: "/")
        guard segments.count >= 3 else { throw TwilioErrorReply.notFound(path) }
        let account = segments[2].hasSuffix(".json") ? segments[2].dropLast(".json".count) : segments[2]
        guard account == accountSID else { throw TwilioErrorReply.notFound(path) }
        return try await next(request, context)
    }
}
