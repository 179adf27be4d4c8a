import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// With Meta, a template goes in the attendee's language's translation, or in
/// `META_TEMPLATE_LANGUAGE` where Meta has none (DESIGN.md §25-26).
@Suite(.serialized)
struct MetaLanguageTests {
    @Test func eachAttendeeGetsTheirTranslationOrTheDefaultOne() async throws {
        try await MetaFlowTests.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled"]) { world, meta in
            meta.defineTemplate("session_scheduled", language: "pt_BR", text: "Sua sessão {{1}} está marcada para {{2}}. Cancelar: {{3}}")
            _ = try await world.create("Coaching", description: "#lang pt-BR")
            _ = try await world.create("Yoga", location: AttendeeLanguageTests.german, description: "#lang de")
            try await MetaFlowTests.pass(world, meta)
            let portuguese = try #require(meta.messages(to: ServiceWorld.attendee).first)
            #expect(portuguese.template == "session_scheduled" && portuguese.language == "pt_BR")
            #expect(portuguese.text.hasPrefix("Sua sessão Coaching está marcada para ") && portuguese.text.contains(" de "), "\(portuguese.text)")
            // No German translation: Meta's 132001 sent nothing, and the English one went at once.
            let german = try #require(meta.messages(to: AttendeeLanguageTests.german).first)
            #expect(german.template == "session_scheduled" && german.language == "en")
            #expect(meta.messages(to: AttendeeLanguageTests.german).count == 1)
            let outbox = try await world.outbox()
            #expect(outbox.allSatisfy { $0.twilioSID != nil && $0.error == nil }, "both sent, neither failed")
        }
    }

    @Test func answersOnMetaAreInTheirLanguage() async throws {
        try await MetaFlowTests.withMeta(["LANGUAGE_BY_COUNTRY": "on"]) { world, meta in
            _ = try await meta.postInbound(from: AttendeeLanguageTests.german, text: "HELP", id: "wamid.de1")
            try await MetaFlowTests.settle(world, meta)
            try await eventually("the answer, in German") {
                meta.messages(to: AttendeeLanguageTests.german).last.map { $0.text.contains("Termin") ? true : nil } ?? nil
            }
        }
    }
}

extension MetaLanguageTests {
    /// A Mexican attendee writes from `521…` (their WhatsApp id): it is the number the host wrote.
    @Test func aStopFromAMexicanWhatsAppIdStopsTheNumberTheHostWrote() async throws {
        try await MetaFlowTests.withMeta { world, meta in
            _ = try await meta.postInbound(from: "+5215512345678", text: "STOP", id: "wamid.mx1")
            try await eventually("opted out as +52 55 1234 5678") {
                try await MetaFlowTests.settle(world, meta)
                return try await world.service.store.isOptedOut("+525512345678") ? true : nil
            }
            #expect(try await world.service.store.isOptedOut("+5215512345678") == false)
        }
    }
}
