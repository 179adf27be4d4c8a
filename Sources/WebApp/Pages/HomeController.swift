import Hummingbird

/// `GET /`: who sends these messages, and nothing else: no sessions, no numbers, no version.
struct HomeController {
    let business: String?
    let pages: PageTemplates

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("/") { request, _ -> Response in
            let name = business ?? "Appointments"
            let language = await pages.languages.language(request)
            // The heading names the business; the page's own header must not repeat it.
            var values: [String: Any] = ["title": name, "heading": name, "business": false]
            values["paragraphs"] = [pages.texts.text("page.home.text", in: language), pages.texts.text("page.home.help", in: language)]
            values["chooser"] = pages.languages.chooser(shown: language, request: request, save: nil)
            return pages.page(.notice, language: language, values)
        }
        return router
    }
}
