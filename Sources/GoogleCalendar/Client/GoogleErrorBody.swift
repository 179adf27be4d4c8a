import Foundation

/// Google's error answer, `{"error": {"code", "message", "errors": [{"domain", "reason", "message"}]}}`.
struct GoogleErrorBody: Decodable {
    struct Detail: Decodable {
        let code: Int?
        let message: String?
        let errors: [Reason]?
    }

    struct Reason: Decodable {
        let reason: String?
        let message: String?
    }

    let error: Detail

    /// The error for a non-`2xx` answer, keeping Google's reason when the body has one.
    static func error(status: Int, body: Data) -> GoogleAPIError {
        guard let parsed = try? JSONDecoder().decode(GoogleErrorBody.self, from: body) else {
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            return .api(status: status, reason: nil, message: text.isEmpty ? "HTTP \(status)" : text)
        }
        let reason = parsed.error.errors?.first?.reason
        let message = parsed.error.message ?? parsed.error.errors?.first?.message ?? "HTTP \(status)"
        return .api(status: status, reason: reason, message: message)
    }
}

extension String {
    /// Only RFC 3986 unreserved characters survive; calendar ids hold `@` and `#`, tokens `+` and `/`.
    var urlComponentEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? self
    }

    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

extension CharacterSet {
    static let urlUnreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
