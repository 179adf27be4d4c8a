public import Logging

/// The text log: swift-log's `StreamLogHandler` on standard error, with the logger's metadata kept
/// here and handed over only when a line is written. Hummingbird gives every request's logger an
/// id, and the stream handler formats all its metadata again on each change (a fiftieth of a
/// status webhook's CPU), for lines that are nearly never written.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    private var stream: StreamLogHandler

    public init(label: String) {
        stream = .standardError(label: label)
    }

    /// Lines to `output` instead (tests).
    public init(label: String, output: any TextOutputStream & Sendable) {
        stream = StreamLogHandler(label: label, stream: output)
    }

    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty { event.metadata = metadata.merging(event.metadata ?? [:]) { $1 } }
        stream.log(event: event)
    }
}
