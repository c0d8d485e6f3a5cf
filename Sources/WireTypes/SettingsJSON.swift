/// The body of `PUT /api/v1/settings` and the answer of `GET`: `{"manifest_interval": "6h"}`.
public struct SettingsJSON: Codable, Sendable {
    public var manifestInterval: String?

    public init(manifestInterval: String?) { self.manifestInterval = manifestInterval }

    enum CodingKeys: String, CodingKey {
        case manifestInterval = "manifest_interval"
    }
}
