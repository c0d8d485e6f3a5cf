import WireTypes

/// The answer of a catalog addition that did not fully succeed.
struct CatalogFailureJSON: Encodable {
    let error: String
    let results: [CatalogResultJSON]
}
