import ISOCatalog

/// An image a fleet peer holds, from its `/api/v1/images` (the fields the fleet view shows).
struct FleetImageJSON: Codable, Sendable, Equatable {
    var family: String
    var name: String
    var flavor: String
    var version: Version
    var path: String
    var size: Int64
    var sha256: String?
    var state: String
}
