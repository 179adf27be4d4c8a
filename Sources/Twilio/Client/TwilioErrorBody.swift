import Foundation

/// Twilio's error answer, `{"code": 21211, "message": "…", "more_info": "https://…", "status": 400}`.
struct TwilioErrorBody: Decodable {
    let code: Int?
    let message: String?
    let moreInfo: String?

    enum CodingKeys: String, CodingKey {
        case code, message
        case moreInfo = "more_info"
    }

    /// The error for a non-`2xx` answer, keeping Twilio's code and message when the body has them.
    static func error(status: Int, body: Data) -> TwilioError {
        guard let parsed = try? JSONDecoder().decode(TwilioErrorBody.self, from: body) else {
            // Proxies in front of Twilio answer in HTML or plain text.
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            return .api(status: status, code: nil, message: text.isEmpty ? "HTTP \(status)" : text, moreInfo: nil)
        }
        return .api(status: status, code: parsed.code, message: parsed.message ?? "HTTP \(status)", moreInfo: parsed.moreInfo)
    }
}
