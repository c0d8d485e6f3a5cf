public import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage, with an upload limit sized for
/// JSON bodies and form posts (ISO files never travel through the API), and the client's address.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The key the client's address counts under for sign-in throttling (``ClientConnectionCounts/key(of:)``:
    /// an IPv4 address, an IPv6 /64); nil when the request came through no socket (router tests).
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = ClientConnectionCounts.key(of: source.channel.remoteAddress)
    }

    /// Catalog JSON documents with thousands of entries fit; nothing larger is read.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// A sign-in form holds one token: nothing larger is read at `/login`.
    static let maxSignInSize = 4096
}
