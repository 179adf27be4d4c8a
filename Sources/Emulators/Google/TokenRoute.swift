import Foundation
import Hummingbird

/// `POST /token`: the OAuth endpoint a service account's `token_uri` points at.
struct TokenRoute {
    static let path = "token"
    static let jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    let issuer: TokenIssuer
    let faults: FaultPlan
    /// Connected accounts' codes and refresh tokens (DESIGN.md §24).
    let consent: AuthorizationServer

    func add(to router: Router<BasicRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path)) { request, context in
            try await grant(request, context)
        }
        // RFC 7009 as Google serves it: `200 {}`, or `400 invalid_token` for a token it does not know.
        router.post("revoke") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 16 * 1024)
            let token = FormText.fields(String(buffer: body)).first { $0.0 == "token" }?.1 ?? ""
            guard await consent.revoke(token) else {
                return JSONReply.response(status: 400, object: ["error": "invalid_token", "error_description": "Token expired or revoked"])
            }
            return JSONReply.response(status: 200, object: [String: String]())
        }
    }

    private func grant(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        await faults.countTokenRequest()
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        let fields = Dictionary(FormText.fields(String(buffer: body)), uniquingKeysWith: { first, _ in first })
        if ["authorization_code", "refresh_token"].contains(fields["grant_type"] ?? "") {
            let answer = await consent.token(fields)
            return JSONReply.response(status: answer.status, data: answer.body)
        }
        let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        guard let form, form.grant_type == Self.jwtBearerGrant else {
            return refusal(TokenRefusal(error: "unsupported_grant_type", description: "Invalid grant_type: \(form?.grant_type ?? "")"))
        }
        do throws(TokenRefusal) {
            let granted = try await issuer.grant(assertion: form.assertion ?? "")
            return JSONReply.response(Grant(access_token: granted.token, expires_in: granted.expiresIn))
        } catch {
            return refusal(error)
        }
    }

    private func refusal(_ refusal: TokenRefusal) -> Response {
        JSONReply.response(status: 400, Refusal(error: refusal.error, error_description: refusal.description))
    }

    private struct Form: Decodable {
        let grant_type: String?
        let assertion: String?
    }

    private struct Grant: Encodable {
        let access_token: String
        let expires_in: Int
        var token_type = "Bearer"
    }

    private struct Refusal: Encodable {
        let error: String
        let error_description: String
    }
}
