import Foundation
public import Logging

/// `LOG_FORMAT=json`: one JSON object a line (`time`, `level`, `message`, `metadata`, `source`),
/// for journald and log shippers. It writes what it is given: phone numbers and Twilio's texts are
/// masked or left out where the entry is made, exactly as for text logs.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let write: @Sendable (String) -> Void

    /// Lines to standard error, each in one write so that lines from several tasks never interleave.
    public init(label: String) {
        self.init(label: label) { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    public init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = self.metadata
        if let more = event.metadata { merged.merge(more) { $1 } }
        var entry: [String: Any] = [
            "time": Self.time(Date()), "level": event.level.rawValue, "message": "\(event.message)", "label": label,
            "source": event.source,
        ]
        if !merged.isEmpty { entry["metadata"] = merged.mapValues(Self.json) }
        guard let data = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// RFC 3339 in UTC with milliseconds, as log tools parse it.
    static func time(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true))
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): "\(convertible)"
        case .dictionary(let dictionary): dictionary.mapValues(json)
        case .array(let array): array.map(json)
        }
    }
}
