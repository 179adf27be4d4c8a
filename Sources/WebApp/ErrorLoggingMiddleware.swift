import Hummingbird
import Logging

/// Logs every request that fails with an unexpected error (Hummingbird logs them only at debug
/// level) and answers a plain 500; errors that carry their own status (`HTTPError`, a body over
/// its limit) are expected answers and pass through.
struct ErrorLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            // The path may hold a link token, which can act on a session: log only where it leads.
            let route = request.uri.path.split(separator: "/").first.map(String.init) ?? ""
            context.logger.error("request failed", metadata: ["route": "/\(route)", "error": "\(error)"])
            throw HTTPError(.internalServerError, message: "Something went wrong on our side.")
        }
    }
}
