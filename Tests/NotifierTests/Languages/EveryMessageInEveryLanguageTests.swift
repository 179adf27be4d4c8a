import Foundation
import Testing
@testable import Notifier

/// Every kind of message, titled and not, a series too, in every shipped language: written in that
/// language, with its dates, links and values, and nothing left unfilled.
@Suite struct EveryMessageInEveryLanguageTests {
    static let start = Date(timeIntervalSince1970: 1_795_512_600)
    static let links = NoticeLinks(cancel: "https://book.example.com/r/AAAAAAAAAA", reschedule: "https://book.example.com/r/BBBBBBBBBB")

    static func notice(_ kind: Decision.Kind, _ language: Language, summary: String, series: Bool = false) -> OutboxMessage {
        var message = OutboxMessage(
            id: nil, calendarID: "host@example.com", eventID: "e1", noticeKey: "r1", kind: kind, phone: "+919876543210",
            summary: summary, startAt: start, previousStartAt: kind == .rescheduled ? start.addingTimeInterval(-86_400) : nil,
            timeZone: "America/Sao_Paulo", sequence: 0, state: .pending, twilioSID: nil, attempts: 0, nextAttemptAt: start,
            lastAttemptAt: nil, error: nil, createdAt: start, body: nil, contentSID: nil, contentVariables: nil, cancelCode: nil,
            rescheduleCode: nil, writebackDue: false, forGroup: false)
        message.language = language.code
        if series {
            message.aboutSeries = true
            message.seriesStarts = [start, start.addingTimeInterval(7 * 86_400)].map { RFC3339Text.string($0) }.joined(separator: ",")
        }
        return message
    }

    @Test(arguments: Language.shipped)
    func everyMessageIsWrittenInTheLanguage(language: Language) {
        let text = NoticeText(templates: .builtIn, bookingURL: URL(string: "https://calendly.com/host/session"))
        let english = NoticeText(templates: .builtIn, bookingURL: URL(string: "https://calendly.com/host/session"))
        let day = SessionTime.text(Self.start, in: SessionTime.zone("America/Sao_Paulo"), language: language)
        for kind in Decision.Kind.allCases {
            for summary in ["Coaching", ""] {
                for series in kind == .scheduled || kind == .cancelled ? [false, true] : [false] {
                    let notice = Self.notice(kind, language, summary: summary, series: series)
                    let body = text.body(for: notice, links: kind == .cancelled ? nil : Self.links)
                    #expect(!body.isEmpty && !body.contains("{{") && !body.contains("\"\""), "\(language) \(kind): \(body)")
                    #expect(summary.isEmpty || body.contains(summary))
                    #expect(series || kind == .cancelled || body.contains(day) || kind == .rescheduled, "\(language) \(kind): \(body)")
                    if kind != .cancelled, kind != .reminder { #expect(body.contains("https://book.example.com/r/AAAAAAAAAA")) }
                    if language != .english {
                        var inEnglish = notice
                        inEnglish.language = "en"
                        #expect(body != english.body(for: inEnglish, links: kind == .cancelled ? nil : Self.links), "\(language) \(kind) is English")
                    }
                }
            }
        }
    }
}

private enum RFC3339Text {
    static func string(_ date: Date) -> String { date.formatted(.iso8601) }
}
