public import AsyncHTTPClient
public import Notifier
import NIOCore

extension HTTPClient {
    /// The service's own client: its connection pool sized from the settings, so that
    /// `SEND_CONCURRENCY` messages can really be in flight to Twilio at once (a shared client keeps
    /// 8 connections per host), beside the calendar write-backs and a sync to Google. Shut it down
    /// when the service stops.
    public static func forService(_ settings: Settings) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, settings.twilio.sendConcurrency + EventAnnotator.concurrency + 4))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
