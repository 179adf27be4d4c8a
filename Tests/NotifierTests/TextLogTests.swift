import Logging
import Notifier
import Synchronization
import Testing

/// The text log writes what swift-log's stream handler writes, with the logger's metadata (set
/// on it, as Hummingbird sets a request's id) merged with the entry's own.
struct TextLogTests {
    final class Output: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        /// Each line without its timestamp (the first word).
        var lines: [String] {
            text.withLock { $0 }.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
        }
    }

    @Test func linesMatchTheStreamHandlerWithTheLoggersMetadataMerged() {
        let (ours, theirs) = (Output(), Output())
        Self.exercise(Logger(label: "gcal-whatsapp") { TextLogHandler(label: $0, output: ours) })
        Self.exercise(Logger(label: "gcal-whatsapp") { StreamLogHandler(label: $0, stream: theirs) })
        #expect(ours.lines == theirs.lines)
        #expect(ours.lines == ["info gcal-whatsapp: [NotifierTests] plain",
                               "warning gcal-whatsapp: error_code=63016 hb.request.id=7 route=/webhooks [NotifierTests] refused",
                               "info gcal-whatsapp: hb.request.id=7 route=/r [NotifierTests] no more"])
    }

    private static func exercise(_ logger: Logger) {
        var logger = logger
        logger.logLevel = .info
        logger.debug("not shown", metadata: ["a": "1"])
        logger.info("plain")
        logger[metadataKey: "hb.request.id"] = "7"
        logger[metadataKey: "route"] = "/r"
        logger.warning("refused", metadata: ["route": "/webhooks", "error_code": "63016"])
        logger.info("no more")
    }
}
