import Hummingbird
import ServiceLifecycle

/// In front of every Calendar API route: counts the request, checks the bearer token, and
/// plays the next injected fault.
struct GoogleAPIGate: RouterMiddleware {
    typealias Context = BasicRequestContext

    let issuer: TokenIssuer
    let faults: FaultPlan

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        await faults.countAPIRequest(isListing: request.method == .get && request.uri.path.hasSuffix("/events"))
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer "),
              await issuer.accepts(String(authorization.dropFirst("Bearer ".count)))
        else { throw GoogleErrorReply.unauthenticated() }
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
