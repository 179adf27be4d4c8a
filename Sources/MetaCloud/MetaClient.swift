public import AsyncHTTPClient
public import ClientSupport
public import Foundation
public import Logging

/// The WhatsApp Cloud API calls this service makes (DESIGN.md §25), each within a time limit.
/// A send is retried only on a rate limit (Meta did nothing then); a `5xx`, a time-out or a dropped
/// connection is `unknownOutcome`: the message may exist, and its status webhook will say.
public struct MetaClient: Sendable {
    public static let productionURL = URL(string: "https://graph.facebook.com/v23.0")!

    public let baseURL: URL
    let accessToken: Secret
    public let phoneNumberID: String
    let exchange: APIExchange
    let retry: CallRetryPolicy
    let logger: Logger

    public init(baseURL: URL, accessToken: Secret, phoneNumberID: String, httpClient: HTTPClient, retry: CallRetryPolicy = .standard,
                requestTimeout: Duration = .seconds(30), logger: Logger) {
        self.baseURL = baseURL
        self.accessToken = accessToken
        self.phoneNumberID = phoneNumberID
        exchange = APIExchange(api: "meta", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: 1024 * 1024)
        self.retry = retry
        self.logger = logger
    }

    /// Sends one message; returns its id (`wamid.…`).
    public func send(_ message: MetaOutgoing) async throws(MetaError) -> String {
        let body: Data
        do {
            body = try JSONSerialization.data(withJSONObject: message.json)
        } catch {
            throw .malformedResponse("the message could not be encoded: \(error)")
        }
        let answer = try await retry.run("Meta send", logger: logger, retryingWhen: \.isRateLimited, describe: \.logText) {
            () async throws(RetryableFailure<MetaError>) -> Data in
            do throws(MetaError) {
                return try await attempt("POST", url: url(phoneNumberID + "/messages"), body: body, unclearOnFailure: true)
            } catch {
                throw RetryableFailure(error)
            }
        }
        guard let object = (try? JSONSerialization.jsonObject(with: answer)) as? [String: Any],
              let id = (object["messages"] as? [[String: Any]])?.first?["id"] as? String
        else { throw .unknownOutcome("Meta accepted the message with an answer that could not be read") }
        return id
    }

    /// The number's display form and verified name (`check`): proves the token and the id.
    public func phoneNumber() async throws(MetaError) -> (display: String, name: String) {
        let data = try await attempt("GET", url: url(phoneNumberID, query: "fields=display_phone_number,verified_name"), body: nil,
                                     unclearOnFailure: false)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return (object?["display_phone_number"] as? String ?? "?", object?["verified_name"] as? String ?? "?")
    }

    private func attempt(_ method: String, url: String, body: Data?, unclearOnFailure: Bool) async throws(MetaError) -> Data {
        let answer: APIExchange.Answer
        do throws(APIExchange.Failure) {
            answer = try await exchange.send(url: url, method: method,
                                             headers: [("Authorization", "Bearer \(accessToken.value)"), ("Content-Type", "application/json")],
                                             body: body)
        } catch .notSent(let message) {
            throw .transport(message)
        } catch {
            throw unclearOnFailure ? .unknownOutcome(error.message) : .transport(error.message)
        }
        if answer.status >= 500, unclearOnFailure {
            throw .unknownOutcome("Meta answered \(answer.status): \(Self.error(answer).reason)")
        }
        guard answer.isSuccess else { throw Self.error(answer) }
        return answer.body
    }

    static func error(_ answer: APIExchange.Answer) -> MetaError {
        guard let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any],
              let error = object["error"] as? [String: Any]
        else { return .api(status: answer.status, code: 0, message: "HTTP \(answer.status)", details: nil) }
        let details = (error["error_data"] as? [String: Any])?["details"] as? String
        return .api(status: answer.status, code: error["code"] as? Int ?? 0, message: error["message"] as? String ?? "HTTP \(answer.status)",
                    details: details)
    }

    func url(_ path: String, query: String? = nil) -> String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + path + (query.map { "?" + $0 } ?? "")
    }
}
