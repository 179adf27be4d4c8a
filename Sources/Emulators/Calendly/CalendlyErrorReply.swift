import Hummingbird

/// An error answer in Calendly's shape, `{"title", "message", "details"?}`.
struct CalendlyErrorReply: Error, Equatable {
    let httpStatus: Int
    let title: String
    let message: String
    var details: [String: String] = [:]
    var retryAfterSeconds: Int?

    static func unauthenticated() -> Self {
        Self(httpStatus: 401, title: "Unauthenticated", message: "The access token is invalid")
    }
    static func notFound() -> Self {
        Self(httpStatus: 404, title: "Resource Not Found", message: "The server could not find the requested resource.")
    }
    static func permissionDenied() -> Self {
        Self(httpStatus: 403, title: "Permission Denied", message: "You do not have permission to access this resource.")
    }
    /// A `400` naming the parameter Calendly refused and why.
    static func invalidArgument(_ parameter: String, _ problem: String) -> Self {
        Self(httpStatus: 400, title: "Invalid Argument", message: "The supplied parameters are invalid.", details: [parameter: problem])
    }
    static func tooManyRequests() -> Self {
        Self(httpStatus: 429, title: "Too Many Requests", message: "You have exceeded the rate limit.", retryAfterSeconds: 1)
    }
    static func serverError() -> Self {
        Self(httpStatus: 500, title: "Internal Server Error", message: "The server encountered an unexpected condition.")
    }
}

extension CalendlyErrorReply: HTTPResponseError {
    var status: HTTPResponse.Status { .init(code: httpStatus) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: Any] = ["title": title, "message": message]
        if !details.isEmpty {
            body["details"] = details.sorted { $0.key < $1.key }.map { ["parameter": $0.key, "message": $0.value] }
        }
        var response = JSONReply.response(status: httpStatus, object: body)
        if let retryAfterSeconds { response.headers[.retryAfter] = "\(retryAfterSeconds)" }
        return response
    }
}

/// In front of every API route: counts the request, checks the bearer token, and plays the
/// next injected fault.
struct CalendlyAPIGate: RouterMiddleware {
    typealias Context = BasicRequestContext

    let apiToken: String
    let account: SchedulingAccount

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path.split(separator: "/").dropFirst().joined(separator: "/")
        await account.countRequest(path: path, method: request.method.rawValue)
        guard request.headers[.authorization] == "Bearer \(apiToken)" else { throw CalendlyErrorReply.unauthenticated() }
        switch await account.nextFault() {
        case .tooManyRequests: throw CalendlyErrorReply.tooManyRequests()
        case .serverError: throw CalendlyErrorReply.serverError()
        case nil: return try await next(request, context)
        }
    }
}
