/// The body of `POST /api/v1/selections`.
struct SelectionRequest: Decodable {
    var selection: String
    var arch: String?
    var keep: Int?
    var autoUpdate: Bool?

    enum CodingKeys: String, CodingKey {
        case selection, arch, keep
        case autoUpdate = "auto_update"
    }
}
