import TestSupport
import Foundation
import Testing

@testable import Twilio

/// Twilio's own samples read into the client's types, so the client matches Twilio and not
/// just the emulator.
@Suite("Twilio samples")
struct FixtureDecodingTests {
    @Test("error bodies keep Twilio's status, code, message and link, and sort into final or retryable")
    func errorBodies() throws {
        let invalid = TwilioErrorBody.error(status: 400, body: try Fixtures.data("twilio/error-21211-invalid-to.json"))
        #expect(invalid == .api(status: 400, code: 21211, message: "Invalid 'To' Phone Number: +9198765", moreInfo: "https://www.twilio.com/docs/errors/21211"))
        #expect(invalid.isFinal && !invalid.isRetryable && !invalid.isUnknownOutcome)
        #expect(invalid.reason == "Invalid 'To' Phone Number: +9198765 (Twilio error 21211)")

        let window = TwilioErrorBody.error(status: 400, body: try Fixtures.data("twilio/error-63016-outside-window.json"))
        #expect(window.isFinal)
        #expect(window.reason.hasPrefix("Failed to send freeform message because you are outside the allowed window."))

        let throttled = TwilioErrorBody.error(status: 429, body: try Fixtures.data("twilio/error-20429-too-many-requests.json"))
        #expect(throttled.isRateLimited && throttled.isRetryable && !throttled.isFinal)
        // Twilio has been seen to put 20429 in other statuses; the code alone marks a rate limit.
        #expect(TwilioError.api(status: 400, code: 20429, message: "Too Many Requests", moreInfo: nil).isRateLimited)

        let proxy = TwilioErrorBody.error(status: 502, body: Data("<html>Bad Gateway</html>".utf8))
        #expect(proxy == .api(status: 502, code: nil, message: "<html>Bad Gateway</html>", moreInfo: nil))
        #expect(TwilioError.unknownOutcome("reset").isUnknownOutcome && !TwilioError.unknownOutcome("reset").isFinal)
        #expect(TwilioError.transport("refused").isRetryable)
    }

    @Test("a created message reads as its SID and status, and as a record with its creation time")
    func createdMessage() throws {
        let data = try Fixtures.data("twilio/message-create-201.json")
        let sent = try JSONDecoder().decode(SentMessage.self, from: data)
        #expect(sent.sid == "SM0123456789abcdef0123456789abcdef" && sent.status == .queued)
        let record = try JSONDecoder().decode(MessageRecord.self, from: data)
        #expect(record.to == "whatsapp:+919876543210" && record.from == "whatsapp:+14155238886")
        #expect(record.body == "Your session is scheduled for Tue 24 Nov, 3:00 PM (IST).")
        #expect(record.dateCreated == Date(timeIntervalSince1970: 1_795_251_912))
    }

    @Test("RFC 2822 dates, with and without weekday, any offset; nonsense is refused")
    func rfc2822Dates() {
        let instant = Date(timeIntervalSince1970: 1_629_316_879)
        #expect(RFC2822Date.date(from: "Wed, 18 Aug 2021 20:01:19 +0000") == instant)
        #expect(RFC2822Date.date(from: "18 Aug 2021 20:01:19 GMT") == instant)
        #expect(RFC2822Date.date(from: "Thu, 19 Aug 2021 01:31:19 +0530") == instant)
        #expect(RFC2822Date.date(from: "Wed, 18 Aug 2021 15:01:19 -0500") == instant)
        for bad in ["", "2021-08-18T20:01:19Z", "Wed, 18 Foo 2021 20:01:19 +0000", "Wed, 31 Feb 2021 20:01:19 +0000", "Wed, 18 Aug 2021 20:01 +00"] {
            #expect(RFC2822Date.date(from: bad) == nil, "\(bad)")
        }
    }

    @Test("status callbacks and inbound messages parse into Twilio's fields")
    func webhookForms() throws {
        let delivered = Dictionary(FormBody.parse(try Fixtures.text("twilio/status-callback-delivered.form"))) { $1 }
        #expect(delivered["MessageStatus"] == "delivered" && delivered["MessageSid"] == "SM0123456789abcdef0123456789abcdef")
        #expect(delivered["To"] == "whatsapp:+919876543210" && delivered["ChannelToAddress"] == "+9198765XXXXX")
        let failed = Dictionary(FormBody.parse(try Fixtures.text("twilio/status-callback-failed.form"))) { $1 }
        #expect(failed["MessageStatus"] == "undelivered" && failed["ErrorCode"] == "63003")
        #expect(failed["ErrorMessage"] == "Channel could not find To address")
        let inbound = Dictionary(FormBody.parse(try Fixtures.text("twilio/inbound-message.form"))) { $1 }
        #expect(inbound["From"] == "whatsapp:+919876543210" && inbound["Body"] == "Hi" && inbound["WaId"] == "919876543210")
        #expect(inbound["ProfileName"] == "Asha")
        // A quick-reply button tap: the label as Body, the button's id as ButtonPayload, and the message it was on.
        let tap = Dictionary(FormBody.parse(try Fixtures.text("twilio/inbound-button-reply.form"))) { $1 }
        #expect(tap["MessageType"] == "button" && tap["Body"] == "Confirm" && tap["ButtonText"] == "Confirm")
        #expect(tap["ButtonPayload"] == "confirm" && tap["OriginalRepliedMessageSid"] == "SM0123456789abcdef0123456789abcdef")
    }

    @Test("template variables are a JSON object keyed 1, 2, … in numeric order")
    func contentVariables() throws {
        let values = (1...11).map { "v\($0)" } + ["quote \" and ✓"]
        let json = OutgoingMessage.contentVariables(values)
        #expect(json.hasPrefix(#"{"1":"v1","2":"v2","#))
        #expect(json.contains(#""9":"v9","10":"v10","11":"v11","12":"quote \" and ✓"}"#))
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(decoded?["12"] == "quote \" and ✓" && decoded?.count == 12)
    }

    @Test("phone numbers in logs keep the calling code's start and the last four digits")
    func maskedNumbers() {
        #expect("+919876543210".maskedPhone == "+91******3210")
        #expect("whatsapp:+14155238886".maskedPhone == "+14*****8886")
        #expect("+12345".maskedPhone == "+*****")
    }
}
