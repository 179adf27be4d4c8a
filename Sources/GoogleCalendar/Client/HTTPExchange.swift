import AsyncHTTPClient
import Foundation

/// One request to Google and its whole answer, with the time limit applied and
/// AsyncHTTPClient's errors turned into `GoogleAPIError`.
struct HTTPExchange {
    /// Large enough for a page of 2,500 events.
    static let maxBodyBytes = 32 * 1024 * 1024

    struct Answer {
        let status: Int
        let body: Data
        /// Google's `Retry-After` in seconds, when it sent one.
        let retryAfter: Duration?
    }

    let httpClient: HTTPClient
    let timeout: Duration

    func send(_ request: HTTPClientRequest) async throws(GoogleAPIError) -> Answer {
        let nanoseconds = Self.nanoseconds(in: timeout)
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(nanoseconds))
            let body = try await response.body.collect(upTo: Self.maxBodyBytes)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
            return Answer(status: Int(response.status.code), body: Data(body.readableBytesView), retryAfter: retryAfter)
        } catch let error as HTTPClientError where Self.timeouts.contains(error) {
            throw .timeout
        } catch {
            throw .transport(String(describing: error))
        }
    }

    private static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
    ]

    private static func nanoseconds(in duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension HTTPClientRequest {
    /// A request with a JSON or form body already encoded.
    init(url: String, method: String, headers: [(String, String)], body: Data?) {
        self.init(url: url)
        self.method = .init(rawValue: method)
        for (name, value) in headers {
            self.headers.add(name: name, value: value)
        }
        if let body {
            self.body = .bytes(body)
        }
    }
}

extension HTTPClientRequest {
    /// An API request carrying the service account's bearer token.
    init(url: String, method: String, headers: [(String, String)], token: String, body: Data?) {
        self.init(url: url, method: method, headers: headers + [("Authorization", "Bearer \(token)")], body: body)
    }
}
