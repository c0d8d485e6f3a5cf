/// The body of `POST /api/v1/add`.
struct AddSourceRequest: Decodable {
    var source: String
}
