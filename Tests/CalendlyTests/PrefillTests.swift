import TestSupport
import Calendly
import Foundation
import Testing

@Suite("Prefilled booking links")
struct PrefillTests {
    let page = URL(string: "https://calendly.com/host/session")!

    /// The query of `url` as a browser's URL parser (and Calendly's page) reads it.
    func values(_ url: URL) -> [String: String] {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    @Test("name, email, the phone in location and a1, utm_source and a Fernet token survive the trip")
    func roundTrip() throws {
        let prefill = CalendlyPrefill(name: "Asha Rao & Co", email: "asha+calendly@example.com", phone: "+919876543210", utmContent: Fixtures.fernetToken)
        let url = prefill.url(for: page)
        let query = try #require(url.query(percentEncoded: true))
        #expect(query == "name=Asha%20Rao%20%26%20Co&email=asha%2Bcalendly%40example.com&location=%2B919876543210&a1=%2B919876543210"
            + "&utm_source=gcal-whatsapp&utm_content=" + Fixtures.fernetToken.replacingOccurrences(of: "=", with: "%3D"))
        let read = values(url)
        #expect(read["name"] == "Asha Rao & Co" && read["email"] == "asha+calendly@example.com")
        #expect(read["location"] == "+919876543210" && read["a1"] == "+919876543210")
        #expect(read["utm_content"] == Fixtures.fernetToken && read["utm_source"] == "gcal-whatsapp")
        #expect(url.absoluteString.hasPrefix("https://calendly.com/host/session?"))
    }

    @Test("the page's own query and fragment are kept; parameters the prefill sets are not repeated")
    func existingQuery() throws {
        let withQuery = try #require(URL(string: "https://calendly.com/host/session?month=2026-11&name=Old&hide_gdpr_banner=1#top"))
        let url = CalendlyPrefill(name: "Asha Rao", utmContent: "T0K3N=").url(for: withQuery)
        #expect(url.absoluteString == "https://calendly.com/host/session?month=2026-11&hide_gdpr_banner=1&name=Asha%20Rao&utm_source=gcal-whatsapp&utm_content=T0K3N%3D#top")
    }

    @Test("empty values are left out; the phone can go to another question, or nowhere")
    func choices() {
        let bare = CalendlyPrefill(name: "", email: nil, phone: "+447400123456", phoneFields: [.answer(3)], utmContent: "t", utmSource: nil)
        #expect(bare.queryItems.map(\.0) == ["a3", "utm_content"])
        #expect(bare.url(for: page).absoluteString == "https://calendly.com/host/session?a3=%2B447400123456&utm_content=t")
        let nothing = CalendlyPrefill(utmSource: nil)
        #expect(nothing.url(for: page) == page)
    }
}
