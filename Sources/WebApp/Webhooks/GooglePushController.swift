import Foundation
import Hummingbird
import Notifier

/// `POST /webhooks/google`: Google's push notification, its channel and token in `X-Goog-*`
/// headers and no body. Handed to `PushNotifications`; answered at once (`403` when forged).
struct GooglePushController {
    let notifications: PushNotifications

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.post("webhooks/google") { request, context -> Response in
            let headers = request.headers
            let outcome = try await notifications.receive(
                channelID: headers[.init("X-Goog-Channel-ID")!], token: headers[.init("X-Goog-Channel-Token")!],
                state: headers[.init("X-Goog-Resource-State")!])
            switch outcome {
            case .refused:
                context.logger.warning("push notification refused: unknown channel or wrong token")
                return Response(status: .forbidden)
            case .acknowledged, .syncing:
                return Response(status: .ok)
            }
        }
        return router
    }
}
