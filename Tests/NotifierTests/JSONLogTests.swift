import Foundation
import Logging
import Notifier
import Synchronization
import Testing

/// `LOG_FORMAT=json`: one JSON object a line, with time, level, message and metadata.
struct JSONLogTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func eachEntryIsOneJSONObjectOnOneLine() throws {
        let sink = Lines()
        var logger = Logger(label: "gcal-whatsapp") { label in JSONLogHandler(label: label, write: sink.add) }
        logger.logLevel = .info
        logger.debug("not shown")
        logger.warning("whatsapp message failed", metadata: ["to": "+91******3210", "error": "HTTP 400, Twilio error 21211",
                                                             "attempt": .stringConvertible(2)])
        logger.info("two\nlines \"quoted\"")
        #expect(sink.all.count == 2)
        for line in sink.all {
            #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" }, "one line each")
        }
        let first = try #require(try JSONSerialization.jsonObject(with: Data(sink.all[0].utf8)) as? [String: Any])
        #expect(first["level"] as? String == "warning")
        #expect(first["message"] as? String == "whatsapp message failed")
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["to"] as? String == "+91******3210")
        #expect(metadata["attempt"] as? String == "2")
        let time = try #require(first["time"] as? String)
        #expect(try Date(time, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) <= Date())
        let second = try #require(try JSONSerialization.jsonObject(with: Data(sink.all[1].utf8)) as? [String: Any])
        #expect(second["message"] as? String == "two\nlines \"quoted\"")
        #expect(second["metadata"] == nil)
    }
}
