import ClientSupport
import AsyncHTTPClient
import Emulators
import Foundation
import Logging
import TestSupport
import Twilio

/// A Twilio emulator and a client holding its credentials; both live only for the duration of `body`.
struct TwilioTestbed {
    static let attendee = "+919876543210"
    /// Millisecond waits so that retry tests stay fast.
    static let quickRetry = CallRetryPolicy.quick

    let twilio: TwilioEmulator
    let client: TwilioClient

    static func run<Value>(
        pageSize: Int = 3, retry: CallRetryPolicy = quickRetry, requestTimeout: Duration = .seconds(10),
        authToken: String? = nil, _ body: (TwilioTestbed) async throws -> Value
    ) async throws -> Value {
        let twilio = try await TwilioEmulator.start(pageSize: pageSize)
        let client = TwilioClient(
            accountSID: twilio.accountSID, authToken: authToken ?? twilio.authToken, baseURL: twilio.baseURL,
            httpClient: .shared, retry: retry, requestTimeout: requestTimeout, logger: Logger(label: "TwilioTests")
        )
        return try await stopping({ await twilio.stop() }) { try await body(TwilioTestbed(twilio: twilio, client: client)) }
    }

    /// A message from the emulator's business number.
    func message(to number: String = attendee, _ content: OutgoingMessage.Content, statusCallback: URL? = nil) -> OutgoingMessage {
        OutgoingMessage(to: number, from: twilio.whatsAppNumber, content: content, statusCallback: statusCallback)
    }

    func text(_ body: String, to number: String = attendee, statusCallback: URL? = nil) -> OutgoingMessage {
        message(to: number, .text(body), statusCallback: statusCallback)
    }
}
