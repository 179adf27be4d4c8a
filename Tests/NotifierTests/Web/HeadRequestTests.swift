import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
@testable import Notifier

/// Every `GET` route answers `HEAD` (uptime monitors use it) with the `GET`'s status and headers
/// and no body.
@Suite(.serialized)
struct HeadRequestTests {
    /// A client that shows redirects instead of following them.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    static func head(_ url: String) async throws -> (status: Int, headers: HTTPHeaders, body: Int) {
        var request = HTTPClientRequest(url: url)
        request.method = .HEAD
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers, body.readableBytes)
    }

    @Test func everyGetRouteAnswersHead() async throws {
        try await ServiceWorld.run(["DASHBOARD_PASSWORD": "correct horse battery staple"]) { world in
            try await world.create("Coaching")
            try await world.pass()
            let base = world.baseURL.absoluteString
            let cancel = try await TrustTests.cancelPage(in: world)
            let short = try #require(await world.twilio.messages().last?.body.split(separator: "\n")
                .first { $0.hasPrefix("Cancel: ") }.map { String($0.dropFirst("Cancel: ".count)) })
            for (path, status) in [("/healthz", 200), ("/", 200), ("/metrics", 200), ("/host", 200), (cancel, 200), (short, 303),
                                   ("/calendar/NoSuchFeedCode1234567890.ics", 404)] {
                let url = path.hasPrefix("http") ? path : base + path
                let get = try await Browser.get(url)
                let head = try await Self.head(url)
                #expect(head.status == status && get.status == status, "\(path): HEAD \(head.status), GET \(get.status)")
                #expect(head.body == 0, "\(path): no body")
                #expect(head.headers.first(name: "Content-Type") == get.headers.first(name: "Content-Type"), "\(path)")
            }
            try await world.pass()
            #expect(await world.twilio.messages().count == 1, "HEAD changed nothing")
        }
    }
}
