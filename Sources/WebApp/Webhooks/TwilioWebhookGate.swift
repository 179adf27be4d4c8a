import ClientSupport
import Foundation
import Hummingbird
import Logging
import Twilio

/// Admits only requests Twilio signed: `X-Twilio-Signature` over the URL rebuilt from
/// `PUBLIC_BASE_URL` (never the Host header, which a forger controls) and the form fields.
struct TwilioWebhookGate: Sendable {
    let key: TwilioSignature.Key
    let publicBaseURL: URL
    init(authToken: Secret, publicBaseURL: URL) {
        key = TwilioSignature.Key(authToken: authToken.value)
        self.publicBaseURL = publicBaseURL
    }

    /// Twilio's forms are small; anything far larger is not Twilio.
    static let bodyLimit = 64 * 1024

    /// The signed form fields, or `403` (bad or missing signature), `413` or `400`.
    func admit(_ request: inout Request, context: some RequestContext) async throws -> FormFields {
        let fields = try await request.formFields(upTo: Self.bodyLimit)
        var url = publicBaseURL.absoluteString.trimmingSuffixSlash + request.uri.path
        if let query = request.uri.query, !query.isEmpty { url += "?" + query }
        guard let signature = request.headers[.init("X-Twilio-Signature")!],
              TwilioSignature.isValid(signature, url: url, parameters: fields.pairs, key: key)
        else {
            context.logger.warning("webhook refused: bad or missing Twilio signature", metadata: ["path": "\(request.uri.path)"])
            throw HTTPError(.forbidden, message: "Invalid signature.")
        }
        return fields
    }
}
