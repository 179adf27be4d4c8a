import Foundation
import Hummingbird
import Notifier

/// `POST /webhooks/microsoft` and `/webhooks/microsoft/lifecycle` (DESIGN.md §23.1). Graph's
/// validation request (`?validationToken=…`) is answered with the token in `text/plain`, as Graph
/// wants within 10 s; a notification is answered `202` at once (Graph wants an answer within 3 s),
/// or `403` when its `clientState` is wrong.
struct MicrosoftPushController {
    let notifications: GraphNotifications

    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        for path in ["webhooks/microsoft", "webhooks/microsoft/lifecycle"] {
            router.post(RouterPath(path)) { request, context -> Response in
                if let token = Self.validationToken(in: request.uri.query) {
                    return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                                    body: .init(byteBuffer: ByteBuffer(string: token)))
                }
                var request = request
                let body = try await request.collectBody(upTo: 1024 * 1024)
                guard let notices = GraphNotifications.notices(in: Data(body.readableBytesView)) else { return Response(status: .badRequest) }
                guard try await notifications.receive(notices) else {
                    context.logger.warning("Microsoft notification refused: unknown subscription or wrong clientState")
                    return Response(status: .forbidden)
                }
                return Response(status: .accepted)
            }
        }
        return router
    }

    /// The token of Graph's validation request, as Graph wrote it: its query is form-encoded, so a
    /// `+` is a space (`Validation%3a+Testing+client+…`), which percent-decoding alone leaves as
    /// it is (found by review: every subscription would have failed).
    static func validationToken(in query: String?) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("validationToken=") {
            let raw = pair.dropFirst("validationToken=".count).replacingOccurrences(of: "+", with: " ")
            return raw.removingPercentEncoding ?? raw
        }
        return nil
    }
}
