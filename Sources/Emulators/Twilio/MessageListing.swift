import Foundation

/// `GET …/Messages.json`: filters and pages over the ledger's messages.
enum MessageListing {
    /// One page, newest first, of at most `pageSize` messages. A page token names the last
    /// message of the page before, so messages sent while a client pages do not shift the pages.
    static func page(of messages: [EmulatedMessage], query: [(String, String)], accountSID: String, pageSize: Int) -> [String: Any] {
        let field = { (name: String) in query.last { $0.0 == name }?.1 }
        let path = "/\(MessageResource.apiVersion)/Accounts/\(accountSID)/Messages.json"
        var matching = messages.reversed().filter { message in
            (field("To").map { "whatsapp:" + message.to == $0 } ?? true)
                && (field("From").map { "whatsapp:" + message.from == $0 } ?? true)
                && Self.sentOnDays(message.dateCreated, after: field("DateSent>"), before: field("DateSent<"), on: field("DateSent"))
        }
        if let token = field("PageToken"), token.hasPrefix("PA"), let last = matching.firstIndex(where: { $0.sid == token.dropFirst(2) }) {
            matching.removeFirst(last + 1)
        }
        let size = max(1, min(field("PageSize").flatMap(Int.init) ?? 50, pageSize))
        let pageNumber = field("Page").flatMap(Int.init) ?? 0
        let items = Array(matching.prefix(size))
        let filters = query.filter { !["PageSize", "Page", "PageToken"].contains($0.0) }
        let pageURI = { (number: Int, token: String?) in
            path + "?" + TwilioWire.formText(filters + [("PageSize", "\(size)"), ("Page", "\(number)")] + (token.map { [("PageToken", $0)] } ?? []))
        }
        let hasMore = matching.count > size
        return [
            "messages": items.map { MessageResource.message($0, accountSID: accountSID) },
            "page": pageNumber,
            "page_size": size,
            "start": pageNumber * size,
            "end": pageNumber * size + max(items.count - 1, 0),
            "uri": pageURI(pageNumber, field("PageToken")),
            "first_page_uri": pageURI(0, nil),
            "next_page_uri": hasMore ? pageURI(pageNumber + 1, "PA" + (items.last?.sid ?? "")) : NSNull(),
            "previous_page_uri": NSNull(),
        ]
    }

    /// Twilio's `DateSent>=`, `DateSent<=` and `DateSent=` filters: whole UTC days, inclusive.
    /// The emulator sends at once, so a message's creation time is its sending time.
    private static func sentOnDays(_ date: Date, after: String?, before: String?, on: String?) -> Bool {
        let day = utcDay(date)
        // `yyyy-MM-dd` strings order like the days they name.
        return (after.map { day >= $0 } ?? true) && (before.map { day <= $0 } ?? true) && (on.map { day == $0 } ?? true)
    }

    private static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
