import Hummingbird

/// `GET /`: who sends these messages, and nothing else: no sessions, no numbers, no version.
struct HomeController {
    let business: String?
    let pages: PageTemplates

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("/") { _, _ -> Response in
            let name = business ?? "Appointments"
            // The heading names the business; the page's own header must not repeat it.
            var values: [String: Any] = ["title": name, "heading": name, "business": false]
            values["paragraphs"] = [
                "Session messages on WhatsApp, with links to cancel or reschedule.",
                "To change a session, use the links in your messages, or write to us on WhatsApp.",
            ]
            return pages.page(.notice, values)
        }
        return router
    }
}
