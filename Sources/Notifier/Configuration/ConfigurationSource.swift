import Configuration
import Foundation

/// Where settings come from: the process environment first, then a `.env` file in the
/// working directory. Values are trimmed and an empty value counts as unset.
public struct ConfigurationSource: Sendable {
    /// Settings whose values must never be echoed back, not even in an error message.
    static let secretNames: Set<String> = [
        "TWILIO_AUTH_TOKEN", "FERNET_KEY", "GOOGLE_SERVICE_ACCOUNT_JSON",
        "CALENDLY_API_TOKEN", "CALENDLY_WEBHOOK_SIGNING_KEY", "CALDAV_PASSWORD", "MICROSOFT_CLIENT_SECRET", "GOOGLE_OAUTH_CLIENT_SECRET",
        "META_ACCESS_TOKEN", "META_APP_SECRET", "META_VERIFY_TOKEN", "DASHBOARD_PASSWORD",
    ]

    private let reader: ConfigReader

    /// Settings from `environment` and, where it does not define them, from the `.env` file at `dotEnvPath`.
    public init(environment: [String: String], dotEnvPath: String? = nil) throws(ConfigurationError) {
        let dotEnv = try dotEnvPath.map { path throws(ConfigurationError) in try EnvironmentFile.load(path: path) } ?? [:]
        reader = ConfigReader(providers: [
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(Self.secretNames)),
            EnvironmentVariablesProvider(environmentVariables: dotEnv, secretsSpecifier: .specific(Self.secretNames)),
        ])
    }

    /// The running process's environment and `./.env`.
    public static func processDefault() throws(ConfigurationError) -> ConfigurationSource {
        try ConfigurationSource(environment: ProcessInfo.processInfo.environment, dotEnvPath: ".env")
    }

    /// The trimmed value of a setting, or nil when it is unset or blank.
    func value(_ name: String) -> String? {
        let value = reader.string(forKey: ConfigKey([name]), isSecret: Self.secretNames.contains(name))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == false ? value : nil
    }
}
