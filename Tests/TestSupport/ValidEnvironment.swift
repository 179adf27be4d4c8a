import Fernet

/// A complete, valid set of required settings, as a test's starting point; the Twilio values
/// are made up and the Fernet key is fresh.
public func validEnvironment(serviceAccountFile: String) -> [String: String] {
    [
        "GOOGLE_CALENDAR_ID": "host@example.com",
        "GOOGLE_SERVICE_ACCOUNT_FILE": serviceAccountFile,
        "TWILIO_ACCOUNT_SID": "AC" + String(repeating: "0", count: 32),
        "TWILIO_AUTH_TOKEN": "test-auth-token",
        "TWILIO_WHATSAPP_FROM": "+14155238886",
        "FERNET_KEY": FernetKey.generate().base64URL,
        "PUBLIC_BASE_URL": "https://book.example.com",
    ]
}
