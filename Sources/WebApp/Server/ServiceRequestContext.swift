public import Hummingbird
public import NIOCore

/// Every request's context: Hummingbird's basics and the connection's peer, which the login limit
/// needs to know whose forwarded-for headers to believe (`TRUSTED_PROXIES`).
public struct ServiceRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
