import Hummingbird
import ServiceLifecycle

/// In front of every Calendar API route: counts the request, checks the bearer token, and
/// plays the next injected fault.
struct GoogleAPIGate: RouterMiddleware {
    typealias Context = BasicRequestContext

    let issuer: TokenIssuer
    let faults: FaultPlan
    let consent: AuthorizationServer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        await faults.countAPIRequest(isListing: request.method == .get && request.uri.path.hasSuffix("/events"))
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") else {
            throw GoogleErrorReply.unauthenticated()
        }
        let token = String(authorization.dropFirst("Bearer ".count))
        // A connected account's token reaches that account's calendars only (DESIGN.md §24).
        if let account = await consent.account(for: token) {
            return try await GoogleCaller.$account.withValue(account) { try await pass(request, context: context, next: next) }
        }
        guard await issuer.accepts(token) else { throw GoogleErrorReply.unauthenticated() }
        return try await pass(request, context: context, next: next)
    }

    private func pass(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        switch await faults.nextFault() {
        case .rateLimit403: throw GoogleErrorReply.rateLimited(status: 403)
        case .tooManyRequests429: throw GoogleErrorReply.rateLimited(status: 429)
        case .forbidden403: throw GoogleErrorReply(status: 403, reason: "forbidden", message: "Forbidden")
        case .serverError500: throw GoogleErrorReply.backendError()
        case .slow(let delay): try await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
        case nil: break
        }
        let latency = await faults.writeLatency
        if request.method != .get, latency > .zero { try await cancelWhenGracefulShutdown { try await Task.sleep(for: latency) } }
        return try await next(request, context)
    }
}

/// Whose token the request carries: a connected account's address, nil for the service account.
enum GoogleCaller {
    @TaskLocal static var account: String?

    /// The calendar a path names for this caller: `primary` is the account's own; a connected
    /// account sees no other calendar (`404`, as for one not shared with it).
    static func calendar(_ id: String) throws -> String {
        guard let account else { return id }
        let resolved = id == "primary" ? account : id.lowercased()
        guard resolved == account else { throw GoogleErrorReply.notFound() }
        return resolved
    }
}
