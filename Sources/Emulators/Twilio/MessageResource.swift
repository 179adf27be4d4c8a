import Foundation

/// The JSON Twilio answers with, built as plain objects so that absent values are `null` as in
/// Twilio's answers, not missing keys.
enum MessageResource {
    static let apiVersion = "2010-04-01"

    static func message(_ message: EmulatedMessage, accountSID: String, status: String? = nil) -> [String: Any] {
        let uri = "/\(apiVersion)/Accounts/\(accountSID)/Messages/\(message.sid)"
        let created = TwilioWire.rfc2822(message.dateCreated)
        let shownStatus = status ?? message.status
        return [
            "account_sid": accountSID,
            "api_version": apiVersion,
            "body": message.body,
            "date_created": created,
            "date_sent": shownStatus == "queued" ? NSNull() : created,
            "date_updated": created,
            "direction": "outbound-api",
            "error_code": status == nil ? message.errorCode ?? NSNull() as Any : NSNull(),
            "error_message": status == nil ? message.errorMessage ?? NSNull() as Any : NSNull(),
            "from": "whatsapp:" + message.from,
            "messaging_service_sid": message.messagingServiceSID ?? NSNull() as Any,
            "num_media": "0",
            "num_segments": "1",
            "price": NSNull(),
            "price_unit": NSNull(),
            "sid": message.sid,
            "status": shownStatus,
            "subresource_uris": ["media": uri + "/Media.json"],
            "to": "whatsapp:" + message.to,
            "uri": uri + ".json",
        ]
    }

    static func account(sid: String, created: Date) -> [String: Any] {
        let date = TwilioWire.rfc2822(created)
        return [
            "sid": sid,
            "friendly_name": "Emulated WhatsApp account",
            "status": "active",
            "type": "Full",
            "owner_account_sid": sid,
            "date_created": date,
            "date_updated": date,
            "uri": "/\(apiVersion)/Accounts/\(sid).json",
        ]
    }
}
