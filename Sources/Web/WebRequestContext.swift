public import Hummingbird

/// The request context of every route: Hummingbird's core storage, with an upload limit sized for
/// JSON bodies and form posts (ISO files never travel through the API).
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Catalog JSON documents with thousands of entries fit; nothing larger is read.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }
}
