public import CalendarModel
public import Foundation

extension GoogleCalendarClient {
    /// `events.watch`: asks Google to POST to `address` whenever the calendar's events change,
    /// with `token` in `X-Goog-Channel-Token`, for up to `ttl` (Google may grant less).
    public func watchEvents(calendarID: String, channelID: String, token: String, address: URL, ttl: Duration) async throws -> WatchChannel {
        let request = WatchRequest(id: channelID, type: "web_hook", address: address.absoluteString, token: token,
                                   params: .init(ttl: String(ttl.components.seconds)))
        let body: Data
        do {
            body = try JSONEncoder().encode(request)
        } catch {
            throw GoogleAPIError.invalidResponse("could not encode the watch request: \(error)")
        }
        let answer = try decode(WatchAnswer.self, from: await call("POST", "/calendars/\(calendarID.urlComponentEncoded)/events/watch",
                                                                   body: body))
        guard let resourceID = answer.resourceId else { throw GoogleAPIError.invalidResponse("watch answered without resourceId") }
        let expiration = answer.expiration.flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1_000) }
        return WatchChannel(id: answer.id ?? channelID, resourceID: resourceID, expiration: expiration)
    }

    /// `channels.stop`: Google stops posting for the channel; one already gone counts as stopped.
    public func stopChannel(id: String, resourceID: String) async throws {
        let body: Data
        do {
            body = try JSONEncoder().encode(["id": id, "resourceId": resourceID])
        } catch {
            throw GoogleAPIError.invalidResponse("could not encode the stop request: \(error)")
        }
        do throws(GoogleAPIError) {
            _ = try await call("POST", "/channels/stop", body: body)
        } catch {
            guard error.isGone else { throw error }
        }
    }
}

struct WatchRequest: Encodable {
    struct Params: Encodable {
        let ttl: String
    }

    let id: String
    let type: String
    let address: String
    let token: String
    let params: Params
}

/// Google's answer to `events.watch`; `expiration` is milliseconds since 1970, as a string.
struct WatchAnswer: Decodable {
    let id: String?
    let resourceId: String?
    let expiration: String?
}
