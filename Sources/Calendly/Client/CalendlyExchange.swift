import ClientSupport
import AsyncHTTPClient
import Foundation

/// One request to Calendly's API and its whole answer, with the time limit applied.
struct CalendlyExchange {
    /// An event-type page is a few hundred kilobytes at most.
    static let maxBodyBytes = 4 * 1024 * 1024

    struct Answer {
        let status: Int
        let body: Data
        /// `Retry-After`, or else `X-RateLimit-Reset` (seconds until the limit resets) on a `429`.
        let retryAfter: Duration?

        var isSuccess: Bool { (200..<300).contains(status) }
    }

    let httpClient: HTTPClient
    let timeout: Duration

    func send(url: String, method: String, authorization: Secret, json: Data? = nil) async throws(CalendlyError) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: authorization.value)
        request.headers.add(name: "Accept", value: "application/json")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(json))
        }
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Self.nanoseconds(in: timeout)))
            let collected = try await response.body.collect(upTo: Self.maxBodyBytes)
            let status = Int(response.status.code)
            let wait = response.headers.first(name: "Retry-After") ?? (status == 429 ? response.headers.first(name: "X-RateLimit-Reset") : nil)
            return Answer(status: status, body: Data(collected.readableBytesView), retryAfter: wait.flatMap(Int.init).map { .seconds($0) })
        } catch {
            throw .transport(String(describing: error))
        }
    }

    private static func nanoseconds(in duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
