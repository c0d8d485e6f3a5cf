/// The body of `POST /api/v1/add`: a magnet link, a `.torrent` URL or an image URL, and for an
/// image URL optionally its expected SHA-256.
struct AddSourceRequest: Decodable {
    var source: String
    var sha256: String?
}
