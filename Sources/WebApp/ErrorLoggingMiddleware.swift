import Hummingbird
import Logging

/// Logs every request that fails with an unexpected error (Hummingbird logs them only at debug
/// level) and answers a plain 500; `HTTPError`s are expected answers and pass through.
struct ErrorLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            throw error
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw HTTPError(.internalServerError, message: "Something went wrong on our side.")
        }
    }
}
