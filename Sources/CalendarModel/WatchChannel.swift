public import Foundation

/// A push channel a calendar source opened: its id, the opaque id of the watched resource (needed to stop
/// it) and when the source will stop it by itself.
public struct WatchChannel: Sendable, Equatable {
    public var id: String
    public var resourceID: String
    public var expiration: Date?

    public init(id: String, resourceID: String, expiration: Date?) {
        self.id = id
        self.resourceID = resourceID
        self.expiration = expiration
    }
}
