import Foundation

/// The token endpoint's answer: `{"access_token", "expires_in", "token_type"}` on success,
/// `{"error", "error_description"}` on refusal.
enum TokenAnswer {
    static func accessToken(status: Int, body: Data, issuedAt: Date) throws(GoogleAPIError) -> AccessToken {
        guard status == 200 else {
            let refusal = try? JSONDecoder().decode(Refusal.self, from: body)
            throw .tokenRefused(
                status: status, error: refusal?.error ?? "http_\(status)", description: refusal?.error_description
            )
        }
        guard let grant = try? JSONDecoder().decode(Grant.self, from: body) else {
            throw .invalidResponse("the token endpoint's answer has no access_token and expires_in")
        }
        return AccessToken(value: grant.access_token, expiresAt: issuedAt.addingTimeInterval(TimeInterval(grant.expires_in)))
    }

    private struct Grant: Decodable {
        let access_token: String
        let expires_in: Int
    }

    private struct Refusal: Decodable {
        let error: String
        let error_description: String?
    }
}
