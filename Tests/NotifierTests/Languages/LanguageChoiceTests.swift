import Foundation
import Testing
@testable import Notifier

@Suite struct LanguageChoiceTests {
    @Test func tagsAreReadAsHostsWriteThem() {
        #expect(Language(tag: "pt_br")?.code == "pt-BR")
        #expect(Language(tag: "PT-BR")?.code == "pt-BR")
        #expect(Language(tag: "zh-hant-tw")?.code == "zh-Hant-TW")
        #expect(Language(tag: "de")?.code == "de")
        for junk in ["", "e", "english language", "12", "pt-", "x!"] { #expect(Language(tag: junk) == nil, "\(junk)") }
        #expect(EventDescription("Bring shoes\n#lang pt-BR").language?.code == "pt-BR")
        #expect(EventDescription("#language is fun").language == nil)
    }

    @Test func theEventThenTheirChoiceThenTheCountryThenTheDefault() {
        let choice = LanguageChoice(defaultLanguage: .english, byCountry: true)
        let german = "+4915112345678", indian = "+919876543210"
        #expect(choice.language(eventTag: Language(tag: "fr"), chosen: Language(tag: "es"), phone: german).code == "fr")
        #expect(choice.language(eventTag: nil, chosen: Language(tag: "es"), phone: german).code == "es")
        #expect(choice.language(eventTag: nil, chosen: nil, phone: german).code == "de")
        #expect(choice.language(eventTag: nil, chosen: nil, phone: indian).code == "hi")
        #expect(choice.language(eventTag: nil, chosen: nil, phone: "+5511987654321").code == "pt-BR")
        #expect(choice.language(eventTag: nil, chosen: nil, phone: "+14155550100").code == "en", "+1: the default")
        #expect(LanguageChoice(byCountry: false).language(eventTag: nil, chosen: nil, phone: german).code == "en")
    }

    @Test func aLanguageWithoutTextsEndsOnTheNearest() {
        let choice = LanguageChoice(defaultLanguage: Language(tag: "es")!)
        #expect(choice.nearest(Language(tag: "pt-PT")!).code == "pt-BR")
        #expect(choice.nearest(Language(tag: "pt")!).code == "pt-BR")
        #expect(choice.nearest(Language(tag: "de-AT")!).code == "de")
        #expect(choice.nearest(Language(tag: "it")!).code == "es", "no Italian: the default")
    }

    @Test func datesAreWrittenInTheLanguage() throws {
        // 24 Nov 2026, 15:00 in São Paulo.
        let start = try #require(RFC3339Date.parse("2026-11-24T18:00:00Z"))
        let zone = SessionTime.zone("America/Sao_Paulo")
        #expect(SessionTime.text(start, in: zone, language: Language(tag: "pt-BR")!) == "ter., 24 de nov., 15:00 (BRT)")
        #expect(SessionTime.text(start, in: SessionTime.zone("Europe/Berlin"), language: Language(tag: "de")!) == "Di. 24. Nov., 19:00 (MEZ)")
        #expect(SessionTime.text(start, in: zone) == "Tue 24 Nov, 3:00 PM (GMT-3)")
        let series = SessionTime.dates([start, start.addingTimeInterval(7 * 86_400)], in: zone, language: Language(tag: "pt-BR")!)
        #expect(series.hasPrefix("ter., 24 de nov.") && series.hasSuffix("15:00 (BRT)"), "\(series)")
    }

    @Test func approvedTemplatesFallBackByLanguage() {
        let sids = ContentSIDs(scheduled: "HXen", byLanguage: [Language(tag: "pt")!: [.scheduled: "HXpt"], Language(tag: "de")!: [.reminder: "HXde"]])
        let english = Language.english
        #expect(sids.sid(for: .scheduled, in: Language(tag: "pt-BR")!, defaultLanguage: english)?.0 == "HXpt")
        #expect(sids.sid(for: .scheduled, in: Language(tag: "de")!, defaultLanguage: english).map { "\($0.0) \($0.1)" } == "HXen en",
                "no German template: the default language's, and its values in that language")
        #expect(sids.sid(for: .reminder, in: Language(tag: "de")!, defaultLanguage: english)?.0 == "HXde")
        #expect(sids.sid(for: .cancelled, in: Language(tag: "de")!, defaultLanguage: english) == nil)
    }

    @Test func theLanguageReplyNamesACodeOrAName() {
        let templates = MessageTemplates.builtIn
        #expect(ReplyWord(body: "LANGUAGE es") == .language("es"))
        #expect(ReplyWord(body: "idioma português") == .language("portugues"))
        #expect(ReplyWord(body: "Language") == .language(nil))
        #expect(templates.language(named: "pt-br")?.code == "pt-BR")
        #expect(templates.language(named: "portugues")?.code == "pt-BR")
        #expect(templates.language(named: "deutsch")?.code == "de")
        #expect(templates.language(named: "klingon") == nil)
    }
}

private enum RFC3339Date {
    static func parse(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}

/// Meta's WhatsApp ids where they differ from the number dialled.
@Suite struct WhatsAppIDTests {
    @Test func mexicoAndBrazilAreTheNumbersTheHostWrote() {
        #expect(WhatsAppID.e164("5215512345678") == "+525512345678")
        #expect(WhatsAppID.e164("551187654321") == "+5511987654321", "Brazil's ninth digit")
        #expect(WhatsAppID.e164("551132654321") == "+551132654321", "a landline keeps its eight digits")
        #expect(WhatsAppID.e164("919876543210") == "+919876543210")
        #expect(WhatsAppID.same("5215512345678", "+525512345678"))
        #expect(!WhatsAppID.same("919876543210", "+919876543211"))
    }
}
