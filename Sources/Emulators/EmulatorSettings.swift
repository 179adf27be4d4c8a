/// The settings that point the service at the emulators, written once for the sandbox, the test
/// helpers and the benchmarks (names as in DESIGN.md §3).
extension GoogleEmulator {
    /// `GOOGLE_*` for watching `calendarID` here, with the key written to `serviceAccountFile`.
    public func settings(calendarID: String, serviceAccountFile: String) -> [String: String] {
        ["GOOGLE_CALENDAR_ID": calendarID, "GOOGLE_SERVICE_ACCOUNT_FILE": serviceAccountFile,
         "GOOGLE_CALENDAR_API_URL": baseURL.absoluteString]
    }
}

extension TwilioEmulator {
    /// `TWILIO_*` for sending through this account and number.
    public var settings: [String: String] {
        ["TWILIO_ACCOUNT_SID": accountSID, "TWILIO_AUTH_TOKEN": authToken, "TWILIO_WHATSAPP_FROM": whatsAppNumber,
         "TWILIO_API_URL": baseURL.absoluteString]
    }
}
