/// A credential (an auth token, an API token, a signing key, a password) that prints as
/// `<redacted>` in every way Swift prints a value: interpolation, `debugPrint`, `dump` and the
/// reflection that prints a struct holding it. A settings value or a service that holds one can be
/// logged whole (swift-service-lifecycle logs its services at debug) without leaking it; `value`
/// is the one way to read it, at the call that needs it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
