import Foundation
import Hummingbird
import Notifier

/// `GET /r/{code}`: `303` to the stored page of this service (never elsewhere), or a friendly `404`.
/// Links never change, so each code is read from the database once.
struct ShortLinkController {
    let store: any ServiceStore
    let publicBaseURL: URL
    let pages: PageTemplates
    let cache = ShortLinkCache()

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("r/:code") { request, context -> Response in
            let code = context.parameters.decoded("code")
            let isCode = (10...32).contains(code.utf8.count) && code.utf8.allSatisfy(Self.isCodeByte)
            // A language asked for (`?lang=de`) goes on to the page.
            let language = pages.languages.asked(request).map { "?lang=\($0.code)" } ?? ""
            if isCode, let target = cache.target(of: code) {
                return Response(status: .seeOther, headers: [.location: target + language, .cacheControl: "no-store"])
            }
            guard isCode, let link = try await store.link(code: code) else {
                return pages.notice(.notFound, await pages.languages.language(request), title: "problem.short_link.title",
                                    heading: "problem.short_link.heading", ["problem.short_link.text"], request: request)
            }
            // The schema allows only /cancel/… and /reschedule/… targets, so this stays on our own site.
            let target = publicBaseURL.absoluteString.trimmingSuffixSlash + link.target
            cache.remember(code, target: target)
            return Response(status: .seeOther, headers: [.location: target + language, .cacheControl: "no-store"])
        }
        return router
    }

    /// Codes are ASCII letters and digits; checked by byte (Unicode's properties cost a short link
    /// a tenth of its route's time).
    private static func isCodeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        default: false
        }
    }
}

extension String {
    var trimmingSuffixSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
