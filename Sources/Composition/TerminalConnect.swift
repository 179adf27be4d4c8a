import AsyncHTTPClient
import Foundation
import Hummingbird
public import Logging
public import Notifier
import OAuth
import ServiceLifecycle
import Synchronization

/// `gcal-whatsapp connect google|microsoft` (DESIGN.md §24): connecting an account from a
/// terminal, for a host without the dashboard. The consent URL is printed; the provider sends the
/// browser back to a listener on a loopback port (RFC 8252 §7.3: Google's desktop clients and
/// Microsoft's `http://localhost` accept any port); the code is traded and the refresh token
/// stored sealed in the database, where a running service finds it on its next poll.
public enum TerminalConnect {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Waits up to `timeout` for the host to consent; returns the connected account's address.
    /// `port` 0 lets the OS pick one (a web client needs a fixed one registered).
    public static func run(_ provider: ConnectProvider, settings: Settings, port: Int = 0, timeout: Duration = .seconds(600),
                           show: @escaping @Sendable (String) -> Void, logger: Logger) async throws -> String {
        guard settings.oauthProvider(provider) != nil else {
            throw Failure(description: provider == .google
                ? "Google is not set up for connecting: set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET (see the README)"
                : "Microsoft is not set up for connecting: set MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET and MICROSOFT_CALENDARS=me (see the README)")
        }
        let store = try await ServiceStores.open(settings, asWorker: false, logger: logger)
        let httpClient = HTTPClient.forService(settings)
        let connector = AccountConnector(settings: settings, accounts: ConnectedAccounts(store: store, keys: settings.fernetKeys),
                                         httpClient: httpClient, directory: nil, logger: logger)
        do {
            let account = try await listen(provider, connector: connector, port: port, timeout: timeout, show: show, logger: logger)
            try await httpClient.shutdown()
            await store.close()
            return account
        } catch {
            try? await httpClient.shutdown()
            await store.close()
            throw error
        }
    }

    private static func listen(_ provider: ConnectProvider, connector: AccountConnector, port: Int, timeout: Duration,
                               show: @escaping @Sendable (String) -> Void, logger: Logger) async throws -> String {
        let pkce = PKCE(), state = PKCE.randomText(bytes: 24)
        let (outcomes, outcome) = AsyncStream.makeStream(of: Result<String, any Error>.self)
        let redirect = Mutex<String?>(nil)
        let router = Router()
        router.get("/") { request, _ -> Response in
            let query = request.uri.queryParameters
            // Anything but the provider's answer to this flow (a stray request, another tab) is ignored.
            guard let given = query.get("state"), given == state, let uri = redirect.withLock({ $0 }) else {
                return page(.badRequest, "This is not the sign-in this terminal is waiting for.")
            }
            if let error = query.get("error") {
                outcome.yield(.failure(Failure(description: error == "access_denied" ? "you chose not to allow access; nothing was connected"
                                                                                  : "\(provider.title) answered: \(error)")))
                return page(.ok, "Nothing was connected. You can close this tab.")
            }
            do {
                let account = try await connector.finish(provider, code: query.get("code") ?? "", redirectURI: uri, pkce: pkce, now: Date())
                outcome.yield(.success(account))
                return page(.ok, "\(provider.title) is connected as \(account). You can close this tab and go back to the terminal.")
            } catch {
                outcome.yield(.failure(error))
                return page(.badGateway, "Not connected: \(error)")
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "gcal-whatsapp-connect"),
                              onServerRunning: { channel in
                                  let bound = channel.localAddress?.port ?? port
                                  // Microsoft registers `http://localhost` (any port); Google's desktop clients `127.0.0.1`.
                                  let uri = provider == .microsoft ? "http://localhost:\(bound)" : "http://127.0.0.1:\(bound)"
                                  redirect.withLock { $0 = uri }
                                  if let url = connector.consentURL(provider, redirectURI: uri, state: state, pkce: pkce) {
                                      show(url.absoluteString)
                                  }
                              }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigint, .sigterm], logger: logger))
        let server = Task {
            // Ctrl-C stops the listener: the wait ends with it.
            defer { outcome.yield(.failure(Failure(description: "stopped before the sign-in finished"))) }
            try await group.run()
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            outcome.yield(.failure(Failure(description: "no answer from the browser within \(timeout.components.seconds / 60) minutes; run the command again")))
        }
        defer { timer.cancel() }
        var result: Result<String, any Error> = .failure(Failure(description: "stopped before the sign-in finished"))
        for await first in outcomes {
            result = first
            break
        }
        await group.triggerGracefulShutdown()
        _ = await server.result
        return try result.get()
    }

    private static func page(_ status: HTTPResponse.Status, _ text: String) -> Response {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let html = "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><title>gcal-whatsapp</title>"
            + "<body style='font:16px system-ui;max-width:32rem;margin:2rem auto;padding:0 1rem'><p>\(escaped)</p>"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
