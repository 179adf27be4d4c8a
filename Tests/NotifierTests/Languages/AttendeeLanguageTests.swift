import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// A Portuguese-speaking and a German-speaking attendee each get every message, answer and page in
/// their language (DESIGN.md §26), through the running service.
@Suite(.serialized)
struct AttendeeLanguageTests {
    static let german = "+4915112345678"

    /// The first short link of the attendee's latest message, followed to its page.
    static func page(of phone: String, in world: ServiceWorld) async throws -> String {
        let body = try #require(await world.twilio.messages(to: phone).last?.body)
        let link = try #require(body.firstMatch(of: #/https?://\S+/r/[A-Za-z0-9]+/#)).0
        return try #require(try await Browser.get(String(link)).headers.first(name: "Location"))
    }

    @Test func aPortugueseSpeakerGetsEverythingInPortuguese() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching", description: "Traga o caderno\n#lang pt-BR")
            try await world.pass()
            let scheduled = try #require(await world.twilio.messages(to: ServiceWorld.attendee).last?.body)
            #expect(scheduled.hasPrefix("Sua sessão “Coaching” está marcada para "), "\(scheduled)")
            #expect(scheduled.contains(" (IST)"))
            #expect(try await world.outbox().last?.language == "pt-BR")

            // Answers in Portuguese; the YES word is SIM.
            #expect(try await ConversationTests.say("list", in: world).hasPrefix("Suas sessões nos próximos 30 dias"))
            let question = try await ConversationTests.say("2", in: world)
            #expect(question.contains("SIM"), "\(question)")

            // The cancel page, in Portuguese, with a choice of language.
            let cancel = try await Self.page(of: ServiceWorld.attendee, in: world)
            let page = try await Browser.get(cancel)
            #expect(page.body.contains("<html lang=\"pt-BR\">"))
            #expect(page.body.contains("Cancelar sua sessão “Coaching”"), "\(page.body)")
            #expect(page.body.contains("hreflang=\"de\""))
            // A language link shows that page in German and changes nothing else.
            let inGerman = try await Browser.get(cancel + "?lang=de")
            #expect(inGerman.body.contains("<html lang=\"de\">"))
            #expect(try await world.service.store.chosenLanguage(of: ServiceWorld.attendee) == nil)

            // SIM cancels; the cancelled message is in Portuguese too.
            #expect(try await ConversationTests.say("Sim!", in: world) != question)
            try await world.settle()
            try await world.pass()
            #expect(await world.event(id)?.isDeleted == true)
            let cancelled = try #require(await world.twilio.messages(to: ServiceWorld.attendee).last?.body)
            #expect(cancelled.contains("foi cancelada"), "\(cancelled)")
        }
    }

    @Test func aGermanNumberReadsGermanAndMayChooseAnother() async throws {
        try await ServiceWorld.run(["LANGUAGE_BY_COUNTRY": "on"]) { world in
            _ = try await world.create("Coaching", location: Self.german)
            try await world.pass()
            let scheduled = try #require(await world.twilio.messages(to: Self.german).last?.body)
            #expect(scheduled.hasPrefix("Ihr Termin „Coaching“"), "\(scheduled)")
            let help = try await ConversationTests.say("HELP", in: world, from: Self.german)
            #expect(help.contains("STOP") && !help.hasPrefix("Reply"), "\(help)")

            // The cancel page offers to keep another language for their messages: a POST.
            let cancel = try await Self.page(of: Self.german, in: world)
            let spanish = try await Browser.get(cancel + "?lang=es")
            let form = try #require(spanish.body.firstMatch(of: #/<form method="post" action="([^"]*/language/[^"]+)">\s*<input type="hidden" name="confirm" value="([^"]+)">/#))
            let action = world.baseURL.absoluteString + form.1
            let refused = try await Browser.post(action, form: [("confirm", String(form.2)), ("lang", "es")],
                                                 headers: [("Origin", "https://elsewhere.example")])
            #expect(refused.status == 403, "not from this site")
            let saved = try await Browser.post(action, form: [("confirm", String(form.2)), ("lang", "es")], headers: TrustTests.origin(world))
            #expect(saved.status == 200)
            #expect(try await world.service.store.chosenLanguage(of: Self.german)?.code == "es")
            #expect(try await ConversationTests.say("list", in: world, from: Self.german).hasPrefix("Sus sesiones"))

            // LANGUAGE fr: answered in French, and the next message is French.
            #expect(try await ConversationTests.say("LANGUAGE fr", in: world, from: Self.german).contains("français"))
            #expect(try await ConversationTests.say("LANGUAGE klingon", in: world, from: Self.german).contains("pt-BR"))
            _ = try await world.create("Yoga", location: Self.german)
            try await world.pass()
            let french = try #require(await world.twilio.messages(to: Self.german).last?.body)
            #expect(french.contains("« Yoga »"), "\(french)")
        }
    }

    @Test func anApprovedTemplateInTheirLanguageOrTheDefaultOne() async throws {
        let settings = ["TWILIO_CONTENT_SID_SCHEDULED": "HX" + String(repeating: "a", count: 32),
                        "TWILIO_CONTENT_SID_SCHEDULED_PT": "HX" + String(repeating: "b", count: 32)]
        try await ServiceWorld.run(settings) { world in
            _ = try await world.create("Coaching", description: "#lang pt-BR")
            _ = try await world.create("Yoga", location: Self.german, description: "#lang de")
            try await world.pass()
            let outbox = try await world.outbox()
            let portuguese = try #require(outbox.first { $0.phone == ServiceWorld.attendee })
            #expect(portuguese.contentSID == settings["TWILIO_CONTENT_SID_SCHEDULED_PT"] && portuguese.language == "pt-BR")
            #expect(portuguese.contentVariables?.contains(" de ") == true, "Portuguese dates: \(portuguese.contentVariables ?? "")")
            let german = try #require(outbox.first { $0.phone == Self.german })
            #expect(german.contentSID == settings["TWILIO_CONTENT_SID_SCHEDULED"] && german.language == "en",
                    "no German template: English's, with English values (\(german.language ?? "nil"))")
        }
    }
}
