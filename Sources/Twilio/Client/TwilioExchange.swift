import ClientSupport
import AsyncHTTPClient
import Foundation
import Synchronization

/// One request to Twilio and its whole answer, with the time limit applied. A failure says
/// whether the request can have reached Twilio, which decides if a send's outcome is unknown.
struct TwilioExchange {
    /// Plenty for a page of a thousand messages.
    static let maxBodyBytes = 16 * 1024 * 1024

    struct Answer {
        let status: Int
        let body: Data
        /// Twilio's `Retry-After` in seconds, when it sent one.
        let retryAfter: Duration?
    }

    enum Failure: Error {
        /// No connection carried the request: Twilio cannot have acted on it.
        case notSent(String)
        /// The request went out (or may have) and no complete answer came back.
        case noAnswer(String)

        var message: String {
            switch self {
            case .notSent(let message), .noAnswer(let message): message
            }
        }
    }

    let httpClient: HTTPClient
    let timeout: Duration

    func send(url: String, method: String, authorization: Secret, form: String? = nil) async throws(Failure) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: authorization.value)
        request.headers.add(name: "Accept", value: "application/json")
        let body = form.map { WatchedBody(bytes: Array($0.utf8)) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(body, length: .known(Int64(body.bytes.count)))
        }
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Self.nanoseconds(in: timeout)))
            let collected = try await response.body.collect(upTo: Self.maxBodyBytes)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
            return Answer(status: Int(response.status.code), body: Data(collected.readableBytesView), retryAfter: retryAfter)
        } catch {
            let message = String(describing: error)
            throw body?.wasRead == false ? .notSent(message) : .noAnswer(message)
        }
    }

    private static func nanoseconds(in duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// A request body that notes when AsyncHTTPClient first reads it. AsyncHTTPClient reads a
/// body without contiguous storage only once a connection is carrying the request, so an
/// unread body proves that Twilio never saw the request (a refused connection, a DNS failure,
/// no free connection in time), while a read one means the message may have been created.
struct WatchedBody: Sequence, Sendable {
    let bytes: [UInt8]
    private let read = ReadMark()

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var wasRead: Bool { read.isSet }

    func makeIterator() -> IndexingIterator<[UInt8]> {
        read.set()
        return bytes.makeIterator()
    }

    private final class ReadMark: Sendable {
        private let flag = Atomic(false)

        var isSet: Bool { flag.load(ordering: .acquiring) }

        func set() {
            flag.store(true, ordering: .releasing)
        }
    }
}
