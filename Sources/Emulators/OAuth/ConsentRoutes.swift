import Foundation
import Hummingbird

/// The browser side of an emulated sign-in: `GET authorize` shows a consent page naming the
/// permissions asked for, its form posts the host's choice back, and the browser is sent to the
/// app's redirect URI with a code (or `access_denied`) and the app's `state`.
struct ConsentRoutes {
    let server: AuthorizationServer
    /// "Google", "Microsoft": the page's heading.
    let provider: String

    func add(to router: Router<BasicRequestContext>, authorizePath: String) {
        router.get(RouterPath(stringLiteral: authorizePath)) { request, _ in
            let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value).removingPercentEncoding ?? String($0.value)) },
                                   uniquingKeysWith: { first, _ in first })
            switch await server.authorize(query) {
            case .refuse(let message): return Self.page(status: .badRequest, title: "Sign-in refused", body: "<p>\(Self.escape(message))</p>")
            case .redirect(let url): return Response(status: .found, headers: [.location: url.absoluteString])
            case .consent(let id, let scopes): return consentPage(id: id, scopes: scopes)
            }
        }
        router.post(RouterPath(stringLiteral: authorizePath + "/decision")) { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 16 * 1024)
            let form = Dictionary(FormText.fields(String(buffer: body)), uniquingKeysWith: { first, _ in first })
            let account = (form["account"] ?? "").trimmingCharacters(in: .whitespaces)
            let allow = form["decision"] == "allow" && account.contains("@")
            guard let url = await server.decide(id: form["id"] ?? "", allow: allow, account: account) else {
                return Self.page(status: .badRequest, title: "Sign-in expired", body: "<p>This sign-in was already answered. Start again from the app.</p>")
            }
            return Response(status: .found, headers: [.location: url.absoluteString])
        }
    }

    private func consentPage(id: String, scopes: [String]) -> Response {
        let items = scopes.map { "<li><code>\(Self.escape($0))</code></li>" }.joined()
        let body = """
            <p>The app <strong>gcal-whatsapp</strong> asks to:</p><ul>\(items)</ul>
            <form method="post" action="\(provider == "Google" ? "/o/oauth2/v2/auth" : "authorize")/decision">
            <input type="hidden" name="id" value="\(id)">
            <label>Account <input name="account" id="account" type="email" value="\(Self.escape(defaultAccount))"></label>
            <p><button name="decision" value="allow" id="allow">Allow</button>
            <button name="decision" value="deny" id="deny">Cancel</button></p></form>
            """
        return Self.page(status: .ok, title: "Sign in with \(provider) (emulated)", body: body)
    }

    /// Set by the emulator: the address offered on the consent page.
    var defaultAccount: String { server.defaultAccount }

    static func page(status: HTTPResponse.Status, title: String, body: String) -> Response {
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(escape(title))</title><style>body{font:16px system-ui;max-width:32rem;margin:2rem auto;padding:0 1rem}
            button{font:inherit;padding:.5rem 1rem}input{font:inherit;width:100%}</style></head>
            <body><h1>\(escape(title))</h1>\(body)</body></html>
            """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        CalendlyWire.html(text)
    }
}
