import ClientSupport
import Foundation

extension TwilioClient {
    /// Twilio's ceiling for `PageSize`; fewer pages means fewer calls.
    static let maxPageSize = 1000

    /// Sends one message. Only rate limits are retried, since Twilio did nothing with those; a
    /// `5xx`, a time-out or a dropped connection throws `.unknownOutcome`, as the message may exist.
    public func send(_ message: OutgoingMessage) async throws -> SentMessage {
        let url = url(accountPath + "/Messages.json")
        let form = FormBody.encode(message.formFields)
        let body: Data
        do throws(TwilioError) {
            body = try await attempt(url: url, form: form)
        } catch {
            // The dispatcher logs the outcome once, with the message's context; this is detail.
            logger.debug("WhatsApp message not sent", metadata: ["to": "\(message.to.maskedPhone)", "error": "\(error.logText)"])
            throw error
        }
        guard let sent = try? JSONDecoder().decode(SentMessage.self, from: body) else {
            // A 2xx means Twilio created the message; only its SID is lost, so look for it.
            throw TwilioError.unknownOutcome("Twilio accepted the message with an answer that could not be read")
        }
        logger.debug("WhatsApp message accepted", metadata: ["to": "\(message.to.maskedPhone)", "sid": "\(sent.sid)"])
        return sent
    }

    private func attempt(url: String, form: String) async throws(TwilioError) -> Data {
        try await retry.run("Twilio send", logger: logger, retryingWhen: \.isRateLimited, describe: \.logText) { () async throws(TwilioFailure) -> Data in
            let answer: APIExchange.Answer
            do throws(APIExchange.Failure) {
                answer = try await exchange.send(url: url, method: "POST",
                                                 headers: headers + [("Content-Type", "application/x-www-form-urlencoded")],
                                                 body: Data(form.utf8))
            } catch .notSent(let message) {
                throw TwilioFailure(.transport(message))
            } catch {
                throw TwilioFailure(.unknownOutcome(error.message))
            }
            if answer.status >= 500 {
                let error = TwilioErrorBody.error(status: answer.status, body: answer.body)
                throw TwilioFailure(.unknownOutcome("Twilio answered \(answer.status): \(error.reason)"))
            }
            guard (200..<300).contains(answer.status) else {
                throw TwilioFailure(TwilioErrorBody.error(status: answer.status, body: answer.body), retryAfter: answer.retryAfter())
            }
            return answer.body
        }
    }

    /// The messages sent to `to` (E.164) created at or after `sentAfter`, to the second (Twilio's
    /// precision), newest first. Pass a time a little before the attempt: clocks differ.
    public func messages(to: String, sentAfter: Date) async throws -> [MessageRecord] {
        // Twilio filters by whole UTC days only; the exact cut is made here.
        let query = [
            ("To", OutgoingMessage.whatsApp(to)), ("DateSent>", Self.utcDay(sentAfter)), ("PageSize", "\(Self.maxPageSize)"),
        ]
        var pageURL = url(accountPath + "/Messages.json", query: query)
        var visited: Set<String> = []
        var records: [MessageRecord] = []
        while true {
            let page = try decode(MessagePage.self, from: await read(pageURL))
            records += page.messages
            guard let next = page.nextPageURI, !next.isEmpty else { break }
            guard visited.insert(next).inserted else { throw TwilioError.malformedResponse("Twilio repeated the page \(next)") }
            // `next_page_uri` is a path from the host's root, query included.
            guard let nextURL = URL(string: next, relativeTo: baseURL) else {
                throw TwilioError.malformedResponse("next_page_uri is not a URL path: \(next)")
            }
            pageURL = nextURL.absoluteString
        }
        let cutoff = Date(timeIntervalSince1970: sentAfter.timeIntervalSince1970.rounded(.down))
        return records.filter { $0.dateCreated >= cutoff }
    }

    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
    }
}
