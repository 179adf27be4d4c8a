import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// What a review against the running service found, kept fixed: the language of pages after the
/// session is gone, links that keep the page, one language's YES only, tags in HTML descriptions.
@Suite(.serialized)
struct LanguageReviewTests {
    @Test func pagesKeepTheAttendeesLanguageAndTheirLinksKeepThePage() async throws {
        try await ServiceWorld.run { world in
            _ = try await world.create("Coaching", description: "<p>#lang pt-BR</p><p>Traga o caderno</p>")
            try await world.pass()
            let message = try #require(await world.twilio.messages(to: ServiceWorld.attendee).last?.body)
            #expect(message.hasPrefix("Sua sessão"), "#lang in an HTML description: \(message)")
            let short = try #require(message.firstMatch(of: #/https?://\S+/r/[A-Za-z0-9]+/#)).0
            // The short link carries a language asked for on to its page.
            let german = try #require(try await Browser.get(String(short) + "?lang=de").headers.first(name: "Location"))
            #expect(german.hasSuffix("?lang=de"))
            let cancel = try await AttendeeLanguageTests.page(of: ServiceWorld.attendee, in: world)
            // `pt` asks for the nearest language with texts; the links keep the rest of the address.
            let asked = try await Browser.get(cancel + "?lang=pt")
            #expect(asked.body.contains("<html lang=\"pt-BR\">"))
            #expect(asked.body.contains("lang=fr") && !asked.body.contains("href=\"?lang"))
            // Cancelled: the page answering the POST offers no language links (they would fetch another page)...
            let done = try await TrustTests.confirm(cancel, in: world)
            #expect(done.status == 200 && !done.body.contains("hreflang"))
            try await world.settle()
            // ...and the link opened again, now for a session that is gone, is still in Portuguese.
            let gone = try await Browser.get(cancel)
            #expect(gone.status == 410 && gone.body.contains("<html lang=\"pt-BR\">"), "\(gone.body)")
        }
    }

    @Test func onlyTheirOwnLanguagesYesCancels() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching", description: "#lang es")
            try await world.pass()
            let question = try await ConversationTests.say("2", in: world)
            #expect(question.contains("SÍ"), "\(question)")
            #expect(try await ConversationTests.say("ja", in: world) != "Listo: su sesión se está cancelando.")
            try await world.settle()
            #expect(await world.event(id)?.isDeleted == false, "a Spanish \"ja\" is no yes")
            _ = try await ConversationTests.say("2", in: world)
            _ = try await ConversationTests.say("si", in: world)
            try await world.settle()
            try await world.settle()
            #expect(await world.event(id)?.isDeleted == true)
        }
    }

    @Test func aMutedHTMLDescriptionIsMuted() {
        #expect(EventDescription.isMuted("#mute<br>Bring shoes"))
        #expect(EventDescription.isMuted("<div>Bring shoes</div><div>#MUTE&nbsp;</div>"))
        #expect(!EventDescription.isMuted("<p>We never #mute</p>"))
        #expect(EventDescription("<p>#lang fr</p>").language?.code == "fr")
    }

    @Test func aBackupFolderIsNoLanguageAndAnOperatorsOwnIs() throws {
        let directory = try TemporaryDirectory()
        for (folder, name) in [("old", "English"), ("new", "English"), ("it", "Italiano")] {
            try FileManager.default.createDirectory(atPath: directory.path(folder), withIntermediateDirectories: true)
            try "language.name = \(name)\nreply.help = Rispondi 1 per confermare.\n".write(toFile: directory.path("\(folder)/texts.txt"), atomically: true, encoding: .utf8)
        }
        let templates = try MessageTemplates.load(directory: directory.url.path)
        #expect(templates.languages.map(\.code) == Language.shipped.map(\.code) + ["it"])
        #expect(templates.text("reply.help", in: Language(tag: "it")!) == "Rispondi 1 per confermare.")
        #expect(templates.text("reply.stopped", in: Language(tag: "it")!).hasPrefix("You will get no more"), "a text left out is English")
    }

    @Test func anOperatorsLanguageWithABadLineFailsNamingItsFile() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("it"), withIntermediateDirectories: true)
        try "language.name = Italiano\nreply.help Rispondi 1\n".write(toFile: directory.path("it/texts.txt"), atomically: true, encoding: .utf8)
        #expect {
            try MessageTemplates.load(directory: directory.url.path)
        } throws: { error in
            "\(error)".contains("it/texts.txt") && "\(error)".contains("line 2")
        }
    }

    @Test func pageTextsEscapeTheValuesQuotesToo() {
        let texts = MessageTemplates.builtIn.pageTexts(["summary": "\"><img src=x onerror=alert(1)> & 'q'", "titled": true, "start": "Tue"],
                                                       in: .english)
        let heading = (texts["cancel"] as? [String: Any])?["heading"] as? String ?? ""
        #expect(heading == "Cancel your session \"&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;\" on Tue?")
    }

    @Test func languageRepliesTakeEnglishNamesAndAColon() {
        #expect(ReplyWord(body: "Language: es") == .language("es"))
        #expect(MessageTemplates.builtIn.language(named: "spanish")?.code == "es")
        #expect(MessageTemplates.builtIn.language(named: "Hindi")?.code == "hi")
    }
}
