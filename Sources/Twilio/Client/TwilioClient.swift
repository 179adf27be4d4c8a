public import ClientSupport
public import AsyncHTTPClient
public import Foundation
public import Logging

/// The Twilio REST calls this service makes: send a WhatsApp message, list the messages sent to
/// a number (to reconcile a send whose outcome is unknown), and fetch the account for `check`.
/// Every method throws `TwilioError` only; the signatures say plain `throws` because
/// `catch let error as …` over a typed throw crashes swiftc 6.3's SILGen.
public struct TwilioClient: Sendable, CustomStringConvertible {
    /// Twilio's production endpoint; the emulator serves the same paths elsewhere.
    public static let productionURL = URL(string: "https://api.twilio.com")!

    /// Plenty for a page of a thousand messages.
    static let maxBodyBytes = 16 * 1024 * 1024

    public let accountSID: String
    public let baseURL: URL
    /// The `Authorization` header; it prints redacted.
    let authorization: Secret
    let exchange: APIExchange
    let retry: CallRetryPolicy
    let logger: Logger

    /// A client for one account, authenticated with its auth token (HTTP Basic).
    public init(
        accountSID: String, authToken: String, baseURL: URL = TwilioClient.productionURL, httpClient: HTTPClient,
        retry: CallRetryPolicy = .standard, requestTimeout: Duration = .seconds(15), logger: Logger
    ) {
        self.accountSID = accountSID
        self.baseURL = baseURL
        self.authorization = Secret("Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString())
        self.exchange = APIExchange(api: "twilio", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: Self.maxBodyBytes)
        self.retry = retry
        self.logger = logger
    }

    /// The account's name and status; a `401` here means the SID or token is wrong.
    public func account() async throws -> TwilioAccount {
        try decode(TwilioAccount.self, from: await read(url(accountPath + ".json")))
    }

    public var description: String { "TwilioClient(account: \(accountSID), base: \(baseURL.absoluteString))" }

    /// The headers of every request: Basic authentication and JSON answers.
    var headers: [(String, String)] {
        [("Authorization", authorization.value), ("Accept", "application/json")]
    }

    /// `/2010-04-01/Accounts/{AccountSid}`, under which every resource this service uses lives.
    var accountPath: String { "/2010-04-01/Accounts/\(accountSID.formEncoded)" }

    func url(_ path: String, query: [(String, String)] = []) -> String {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        return base + path + (query.isEmpty ? "" : "?" + FormBody.encode(query))
    }

    /// A `GET`, retried on rate limits, server errors and failed connections, since reading
    /// twice changes nothing; returns the body of its `2xx` answer.
    func read(_ url: String) async throws(TwilioError) -> Data {
        try await retry.run("Twilio GET", logger: logger, retryingWhen: \.isRetryable, describe: \.logText) { () async throws(TwilioFailure) -> Data in
            let answer: APIExchange.Answer
            do throws(APIExchange.Failure) {
                answer = try await exchange.send(url: url, method: "GET", headers: headers)
            } catch {
                throw TwilioFailure(.transport(error.message))
            }
            guard (200..<300).contains(answer.status) else {
                throw TwilioFailure(TwilioErrorBody.error(status: answer.status, body: answer.body), retryAfter: answer.retryAfter())
            }
            return answer.body
        }
    }

    func decode<Value: Decodable>(_ type: Value.Type, from body: Data) throws(TwilioError) -> Value {
        try JSONAnswer.decode(type, from: body, or: TwilioError.malformedResponse)
    }
}
