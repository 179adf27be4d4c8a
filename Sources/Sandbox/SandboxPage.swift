import Foundation
import Hummingbird
import Mustache
import Twilio

/// The sandbox's page at `/sandbox` and its forms. Each form posts, acts on the emulators as the
/// host or the attendee would, and comes back to the page, whose frames reload when something changed.
struct SandboxPage: Sendable {
    let desk: SandboxDesk
    let templates: [String: MustacheTemplate]

    init(desk: SandboxDesk) {
        self.desk = desk
        // The templates are part of the binary; a parse failure is a programming error the tests catch.
        let refresh = try! MustacheTemplate(string: SandboxTemplate.refresh)
        templates = [
            "sandbox": try! MustacheTemplate(string: SandboxTemplate.page),
            "sandbox/calendar": try! MustacheTemplate(string: SandboxTemplate.calendar),
            "sandbox/threads": try! MustacheTemplate(string: SandboxTemplate.threads),
        ]
        library = MustacheLibrary(templates: ["refresh": refresh, "keepScroll": try! MustacheTemplate(string: SandboxTemplate.keepScroll)])
    }

    static let badDate = "Not changed: the start must be a date and time between the years 2000 and 2100."

    /// The partials the pages share.
    let library: MustacheLibrary

    func add(to router: Router<some RequestContext>) {
        for (path, template) in templates {
            router.get(RouterPath(path)) { _, _ -> Response in
                let view = await SandboxView.make(desk, main: path == "sandbox")
                return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: template.render(view.values, library: library).removingXMLForbiddenCharacters)))
            }
        }
        router.get("sandbox/version") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: await desk.version())))
        }
        post(router, "sandbox/zone") { form in await desk.setZone(form["zone"] ?? "") }
        router.get("sandbox/style.css") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: SandboxTemplate.style)))
        }
        post(router, "sandbox/sessions") { form in
            guard let start = form["start"].flatMap(desk.date(fromField:)) else { return desk.refuse(Self.badDate) }
            guard let minutes = Int(form["minutes"] ?? "60"), (1...1_440).contains(minutes) else {
                return desk.refuse("Not created: the length must be 1 to 1440 minutes.")
            }
            try await desk.createSession(title: form["title"] ?? "Session", start: start, minutes: minutes, location: form["phone"] ?? "")
        }
        post(router, "sandbox/sessions/:id/move") { form, id in
            guard let start = form["start"].flatMap(desk.date(fromField:)) else { return desk.refuse(Self.badDate) }
            try await desk.move(id, to: start)
        }
        post(router, "sandbox/sessions/:id/rename") { form, id in try await desk.rename(id, to: form["title"] ?? "") }
        post(router, "sandbox/sessions/:id/delete") { _, id in try await desk.delete(id) }
        post(router, "sandbox/write") { form in
            try await desk.write(from: form["phone"] ?? "", form["text"] ?? "")
        }
        post(router, "sandbox/tap") { form in
            try await desk.tap(from: form["phone"] ?? "", button: form["button"] ?? "", on: form["sid"] ?? "")
        }
        post(router, "sandbox/delivery") { form in
            await desk.setDelivery(for: form["phone"] ?? "", form["outcome"] ?? "delivered")
        }
    }

    private func post(_ router: Router<some RequestContext>, _ path: String, _ act: @escaping @Sendable ([String: String]) async throws -> Void) {
        post(router, RouterPath(path)) { form, _ in try await act(form) }
    }

    private func post(
        _ router: Router<some RequestContext>, _ path: RouterPath, _ act: @escaping @Sendable ([String: String], String) async throws -> Void
    ) {
        router.post(path) { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 * 1024)
            let form = Dictionary(FormBody.parse(String(buffer: body)), uniquingKeysWith: { _, last in last })
            try await act(form, context.parameters.get("id") ?? "")
            return Response(status: .seeOther, headers: [.location: "/sandbox"])
        }
    }
}
