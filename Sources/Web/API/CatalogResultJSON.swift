import ISOStore
import Node
import Repository
import WireTypes
import Common

/// One outcome of `POST /api/v1/catalog`: the stored image, or `{"file", "error"}`.
struct CatalogResultJSON: Encodable {
    let file: String
    let result: Result<StoredImage, CatalogError>
    let baseURL: String

    func encode(to encoder: any Encoder) throws {
        switch result {
        case .success(let image):
            try ImageJSON(image, url: baseURL + WebServer.filesURLPath(image.path)).encode(to: encoder)
        case .failure(let error):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(error.description, forKey: .error)
        }
    }

    enum CodingKeys: String, CodingKey { case file, error }
}
