import Foundation
import Notifier
import NIOSSL
import PostgresNIO

/// `DATABASE_URL` (`PostgresLocation`, read with the settings) in PostgresNIO's terms.
extension PostgresLocation {
    /// libpq's `sslmode` in NIO's terms: nil for no TLS; whether it is required; what is checked.
    private var tlsConfiguration: (configuration: TLSConfiguration, required: Bool)? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if tls != .verifyFull { configuration.certificateVerification = .none }
        switch tls {
        case .disable: return nil
        case .prefer: return (configuration, false)
        case .require, .verifyFull: return (configuration, true)
        }
    }

    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        guard let (configuration, required) = tlsConfiguration else { return .disable }
        let context = try NIOSSLContext(configuration: configuration)
        return required ? .require(context) : .prefer(context)
    }

    private func clientTLS() -> PostgresClient.Configuration.TLS {
        guard let (configuration, required) = tlsConfiguration else { return .disable }
        return required ? .require(configuration) : .prefer(configuration)
    }

    /// Every session's clock reads UTC, so times come back in one form (`PostgresRecords`). The
    /// server checks a quiet connection within about half a minute: a worker whose machine died
    /// or was cut off gives its calendars and its listening up then, not after the system's
    /// two-hour default. Transactions are READ COMMITTED, PostgreSQL's default, even where the
    /// database or role defaults to more: the store holds what it reads with `FOR UPDATE` and
    /// transaction locks, and under REPEATABLE READ two workers' writes would fail each other.
    static let startupParameters = [
        ("TimeZone", "UTC"), ("tcp_keepalives_idle", "10"), ("tcp_keepalives_interval", "5"), ("tcp_keepalives_count", "3"),
        ("tcp_user_timeout", "30000"), ("default_transaction_isolation", "read committed"),
    ]

    /// `worker` is the session's `application_name`: while any session of a worker is open, the
    /// worker is alive (`OutboxClaims` takes over a dead one's claims at once).
    func connectionConfiguration(worker: String) throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try connectionTLS())
        configuration.options.additionalStartupParameters = Self.startupParameters + [("application_name", worker)]
        return configuration
    }

    func clientConfiguration(maximumConnections: Int, worker: String) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: clientTLS())
        configuration.options.additionalStartupParameters = Self.startupParameters + [("application_name", worker)]
        configuration.options.maximumConnections = maximumConnections
        // A worker always has a session open, so that others see it alive (`OutboxClaims.claimLapsed`).
        configuration.options.minimumConnections = 1
        return configuration
    }
}
