import Hummingbird
import WireTypes

/// What a catalog addition did: the status to answer, each image's outcome, the error line.
struct CatalogOutcome {
    let status: HTTPResponse.Status
    let results: [CatalogResultJSON]
    let error: String?
    let isArray: Bool
}
