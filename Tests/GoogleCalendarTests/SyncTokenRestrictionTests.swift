import AsyncHTTPClient
import Foundation
import GoogleCalendar
import Testing

/// The client never sends these combinations; the emulator must still refuse them as Google does,
/// so the requests are made by hand.
@Suite("Sync-token restrictions")
struct SyncTokenRestrictionTests {
    @Test(
        "syncToken with a restriction is a 400",
        arguments: ["timeMin=2026-11-01T00:00:00Z", "timeMax=2026-12-01T00:00:00Z", "q=coaching", "orderBy=updated",
                    "updatedMin=2026-11-01T00:00:00Z", "iCalUID=abc%40google.com", "showDeleted=false"]
    )
    func restrictionIsRefused(restriction: String) async throws {
        try await GoogleTestbed.run { testbed in
            let full = try await testbed.client.listAllEvents(calendarID: GoogleTestbed.calendarID, query: GoogleTestbed.fullSync)
            let answer = try await get(testbed, query: "syncToken=\(full.nextSyncToken.urlEncoded)&\(restriction)")
            #expect(answer.status == 400)
            #expect(answer.body.contains("Sync token cannot be used with other request restrictions."))
        }
    }

    @Test("syncToken with showDeleted=true and singleEvents=true is allowed")
    func allowedParameters() async throws {
        try await GoogleTestbed.run { testbed in
            let full = try await testbed.client.listAllEvents(calendarID: GoogleTestbed.calendarID, query: GoogleTestbed.fullSync)
            let answer = try await get(testbed, query: "syncToken=\(full.nextSyncToken.urlEncoded)&showDeleted=true&singleEvents=true")
            #expect(answer.status == 200)
            #expect(answer.body.contains("nextSyncToken"))
        }
    }

    @Test("a request without a bearer token is a 401 in Google's shape")
    func missingBearerToken() async throws {
        try await GoogleTestbed.run { testbed in
            let answer = try await get(testbed, query: "", token: nil)
            #expect(answer.status == 401)
            #expect(answer.body.contains("\"reason\":\"authError\""))
        }
    }

    private func get(_ testbed: GoogleTestbed, query: String, token: String? = "") async throws -> (status: Int, body: String) {
        let calendar = GoogleTestbed.calendarID.urlEncoded
        var request = HTTPClientRequest(url: "\(testbed.google.baseURL.absoluteString)/calendars/\(calendar)/events?\(query)")
        if token != nil {
            request.headers.add(name: "Authorization", value: "Bearer \(try await testbed.client.accessToken())")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}

extension String {
    var urlEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? self
    }
}
