/// The body of `POST /api/v1/selections`.
public struct SelectionRequest: Codable, Sendable {
    public var selection: String
    public var arch: String?
    public var keep: Int?
    public var autoUpdate: Bool?

    public init(selection: String, arch: String? = nil, keep: Int? = nil, autoUpdate: Bool? = nil) {
        self.selection = selection
        self.arch = arch
        self.keep = keep
        self.autoUpdate = autoUpdate
    }

    enum CodingKeys: String, CodingKey {
        case selection, arch, keep
        case autoUpdate = "auto_update"
    }
}
