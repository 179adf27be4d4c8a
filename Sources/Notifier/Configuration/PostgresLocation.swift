import Foundation

/// Where a `DATABASE_URL` says the PostgreSQL database is:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable|prefer|require|verify-full`,
/// the form libpq and every hosting provider write.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// libpq's meanings: `prefer` and `require` encrypt without checking the server's certificate
    /// (as psql does), `verify-full` checks it and its name; `prefer` falls back to plain text.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Reads a `DATABASE_URL`; a URL with several mistakes names every one of them.
    public init(url text: String) throws(PostgresLocationError) {
        var problems: [String] = []
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
              let scheme = components.scheme?.lowercased()
        else { throw PostgresLocationError(problems: ["it is not a URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE)"]) }
        if !["postgres", "postgresql"].contains(scheme) {
            problems.append("it starts with \(scheme):// where postgres:// is expected")
        }
        let host = components.host ?? ""
        if host.isEmpty { problems.append("it names no host") }
        let port = components.port ?? 5432
        if !(1...65_535).contains(port) { problems.append("its port \(port) is not between 1 and 65535") }
        let username = components.user ?? ""
        if username.isEmpty { problems.append("it names no user (postgres://USER:PASSWORD@…)") }
        let database = String(components.path.drop { $0 == "/" })
        if database.isEmpty || database.contains("/") { problems.append("it names no database (…/DATABASE at its end)") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                if let mode = TLSMode(rawValue: item.value ?? "") {
                    tls = mode
                } else {
                    problems.append("sslmode=\(item.value ?? "") is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            default:
                problems.append("?\(item.name)= is not understood (only sslmode is)")
            }
        }
        guard problems.isEmpty else { throw PostgresLocationError(problems: problems) }
        self.host = host
        self.port = port
        self.username = username
        self.password = components.password
        self.database = database
        self.tls = tls
    }

    /// The URL without its password, for logs and `check`.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }
}

/// A `DATABASE_URL` that cannot be used, with every reason.
public struct PostgresLocationError: Error, Equatable, CustomStringConvertible, Sendable {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        "DATABASE_URL: " + problems.joined(separator: "; ")
    }
}
