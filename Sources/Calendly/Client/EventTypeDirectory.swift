import Foundation

/// Which event type owns which scheduling page, learned from the account's event-type list and
/// kept for the life of the client: the mapping changes only when the host edits Calendly, and
/// re-reading it for every reschedule link would cost two or more calls each time.
actor EventTypeDirectory {
    private var owners: [String: String] = [:]

    /// The event type URI of the page, if a listing has shown it.
    func owner(of page: URL) -> String? {
        owners[Self.key(page)]
    }

    /// Remembers every active event type of a listing. Two first lookups at once may both list;
    /// they learn the same thing, so that costs a call and nothing else.
    func learn(_ eventTypes: [CalendlyEventType]) {
        for eventType in eventTypes where eventType.active {
            guard let page = URL(string: eventType.schedulingURL) else { continue }
            owners[Self.key(page)] = eventType.uri
        }
    }

    /// Drops the page, after Calendly said its event type is gone.
    func forget(_ page: URL) {
        owners[Self.key(page)] = nil
    }

    /// Scheme, host and path, compared without case in the host and without a trailing slash;
    /// the query (`?month=2026-11`) and fragment are how a page is opened, not which page it is.
    static func key(_ page: URL) -> String {
        guard let components = URLComponents(url: page, resolvingAgainstBaseURL: true) else { return page.absoluteString }
        let scheme = components.scheme?.lowercased() ?? ""
        let host = components.host?.lowercased() ?? ""
        let port = components.port.map { ":\($0)" } ?? ""
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        return "\(scheme)://\(host)\(port)\(path)"
    }
}
