import TestSupport
import Calendly
import Foundation
import Testing

@Suite("Calendly's payloads")
struct FixtureDecodingTests {
    @Test("invitee.created: who booked and the token in tracking.utm_content")
    func inviteeCreated() throws {
        let invitee = try InviteeCreated.decode(Fixtures.data("calendly/webhook-invitee-created.json"))
        #expect(invitee.event == "invitee.created")
        #expect(invitee.utmContent == "TOKEN-FROM-THE-RESCHEDULE-LINK")
        #expect(invitee.payload.name == "Asha Rao" && invitee.payload.email == "attendee@example.com")
        #expect(invitee.payload.textReminderNumber == nil && invitee.payload.questionsAndAnswers.isEmpty)
        #expect(invitee.payload.eventURI == "https://api.calendly.com/scheduled_events/CCCCCCCCCCCCCCCC")
        #expect(invitee.payload.uri == "https://api.calendly.com/scheduled_events/CCCCCCCCCCCCCCCC/invitees/BBBBBBBBBBBBBBBB")
        #expect(invitee.payload.rescheduled == false && invitee.payload.timezone == "Asia/Kolkata")
        #expect(invitee.payload.tracking.utmSource == nil && invitee.payload.scheduledEvent == nil)
        #expect(invitee.createdAt == Date(timeIntervalSince1970: 1_795_256_102))
    }

    @Test("nulls, missing members and unknown ones are tolerated; answers and the scheduled event are read")
    func tolerant() throws {
        let json = #"""
            {"event": "invitee.created", "created_at": null, "brand_new": {"x": 1}, "payload": {
              "name": null, "email": "a@example.com", "text_reminder_number": "+91 98765 43210", "tracking": null,
              "questions_and_answers": [{"question": "Phone number for WhatsApp", "answer": "+919876543210", "position": 0},
                                        {"question": "Anything else?", "answer": null}],
              "scheduled_event": {"uri": "https://api.calendly.com/scheduled_events/C", "start_time": "2026-11-26T09:30:00.000000Z",
                                  "end_time": "2026-11-26T10:00:00.123456Z", "location": {"type": "outbound_call"}}}}
            """#
        let invitee = try InviteeCreated.decode(Data(json.utf8))
        #expect(invitee.payload.name == nil && invitee.utmContent == nil && invitee.payload.rescheduled == false)
        #expect(invitee.payload.textReminderNumber == "+91 98765 43210")
        #expect(invitee.payload.questionsAndAnswers.map(\.answer) == ["+919876543210", ""])
        #expect(invitee.payload.scheduledEvent?.startTime == Date(timeIntervalSince1970: 1_795_685_400))
        let end = try #require(invitee.payload.scheduledEvent?.endTime)
        #expect(abs(end.timeIntervalSince1970 - 1_795_687_200.123456) < 0.001)
    }

    @Test("a body that is not an invitee webhook throws", arguments: ["", "[]", #"{"payload": {}}"#, #"{"event": "invitee.created"}"#,
        #"{"event": "invitee.created", "payload": {"scheduled_event": {"start_time": "tomorrow"}}}"#])
    func rejects(_ body: String) {
        #expect(throws: DecodingError.self) { try InviteeCreated.decode(Data(body.utf8)) }
    }

    @Test("the redirect query: invitee, times with their offset, answers and utm_content")
    func redirect() throws {
        let redirect = CalendlyRedirect(query: try Fixtures.redirectQuery())
        #expect(redirect.inviteeFullName == "Asha Rao" && redirect.inviteeEmail == "attendee@example.com")
        #expect(redirect.assignedTo == "Host Name" && redirect.eventTypeName == "30 Minute Meeting")
        #expect(redirect.eventTypeUUID == "DDDDDDDDDDDDDDDD" && redirect.inviteeUUID == "BBBBBBBBBBBBBBBB")
        #expect(redirect.eventStartTime == Date(timeIntervalSince1970: 1_795_685_400))
        #expect(redirect.eventEndTime == Date(timeIntervalSince1970: 1_795_687_200))
        #expect(redirect.textReminderNumber == "+919876543210" && redirect.answers == ["+919876543210"])
        #expect(redirect.utmContent == "TOKEN-FROM-THE-RESCHEDULE-LINK" && redirect.utmSource == nil)

        let url = try #require(URL(string: "https://book.example.com/confirm?" + Fixtures.redirectQuery()))
        #expect(CalendlyRedirect(url: url) == redirect)
        #expect(CalendlyRedirect(queryItems: [("utm_content", "T"), ("answer_3", "c"), ("answer_1", "a")]).answers == ["a", "", "c"])
        #expect(CalendlyRedirect(query: "").utmContent == nil && CalendlyRedirect(query: "event_start_time=soon").eventStartTime == nil)
    }
}
