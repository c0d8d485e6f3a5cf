/// The body of `PUT /api/v1/settings` and the answer of `GET`: `{"manifest_interval": "6h"}`.
struct SettingsJSON: Codable {
    var manifestInterval: String?

    enum CodingKeys: String, CodingKey {
        case manifestInterval = "manifest_interval"
    }
}
