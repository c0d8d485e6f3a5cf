import Acquisition
public import Common
import ISOStore
import Repository
public import WireTypes

/// Why a front end's request (the web API, the page, the command line through the node) was
/// refused, with the code that picks the HTTP status or exit code: `invalidInput` 400 / exit 2,
/// `notFound` 404, `conflict` 409, `verification` 422, `unavailable` 503, `failure` 500 / exit 1.
public typealias RequestError = CodedError<RequestFailure>

/// The front ends' ``ErrorDomain``: the message alone is printed (it names what failed).
public enum RequestFailure: ErrorDomain {
    public static func describe(code: ErrorCode<Self>, message: String, cause: (any Error)?) -> String { message }
}

extension ErrorCode where Domain == RequestFailure {
    /// The request itself is wrong: a bad spec, field, source or value.
    public static var invalidInput: Self { Self("invalid input") }
    /// No such image, selection or addition.
    public static var notFound: Self { Self("not found") }
    /// Something else already holds the path, identity or source.
    public static var conflict: Self { Self("conflict") }
    /// A checksum did not match.
    public static var verification: Self { Self("verification") }
    /// The engine for it is not running on this node (no swarm), or the node is draining.
    public static var unavailable: Self { Self("unavailable") }
    /// The node could not do it (store, disk, network).
    public static var failure: Self { Self("failure") }
}

extension CodedError where Domain == RequestFailure {
    /// A store failure: not found, conflict and invalid values keep their kind, the rest fail.
    init(_ error: StoreError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.message)
        case .conflict: self.init(.conflict, error.message)
        case .invalidValue: self.init(.invalidInput, error.message)
        default: self.init(.failure, error.description)
        }
    }

    /// A catalog failure, with its whole description.
    init(_ error: CatalogError) {
        let code: Code =
            switch error.code {
            case .invalidInput: .invalidInput
            case .conflict: .conflict
            case .verification: .verification
            case .notFound: .notFound
            default: .failure
            }
        self.init(code, error.description)
    }

    /// An ingest failure.
    init(_ error: IngestError) {
        let code: Code =
            switch error.code {
            case .invalidInput: .invalidInput
            case .notFound: .notFound
            case .conflict: .conflict
            case .unavailable: .unavailable
            default: .failure
            }
        self.init(code, error.message)
    }
}

extension UpdateLauncher {
    /// ``launchUpdate(prune:force:scope:)`` with its refusal as a request error: a run in progress
    /// is a `conflict`, a draining node `unavailable`, anything else a `failure`.
    public func startUpdate(
        prune: Bool = false, force: Bool = false, scope: UpdateScope = .all
    ) async throws(RequestError) -> String {
        do {
            return try await launchUpdate(prune: prune, force: force, scope: scope)
        } catch let error as UpdateError {
            throw RequestError(error.code == .busy ? .conflict : .failure, error.message)
        } catch let error as DaemonError where error.code == .draining {
            throw RequestError(.unavailable, error.message)
        } catch let error as RequestError {
            throw error
        } catch {
            throw RequestError(.failure, "\(error)")
        }
    }
}

extension MagnetIngest {
    /// ``cancel(id:)`` with its refusal as a request error: 404 unknown, 409 placing or done.
    public func cancelAddition(id: Int) async throws(RequestError) -> AdditionStatus {
        do {
            return try await cancel(id: id)
        } catch let error as IngestError {
            throw RequestError(error)
        } catch {
            throw RequestError(.failure, "\(error)")
        }
    }

    /// ``add(source:sha256:)`` with its refusal as a request error.
    public func startAddition(source: String, sha256: String?) async throws(RequestError) -> AdditionStatus {
        do {
            return try await add(source: source, sha256: sha256)
        } catch let error as IngestError {
            throw RequestError(error)
        } catch let error as RequestError {
            throw error
        } catch {
            throw RequestError(.failure, "\(error)")
        }
    }
}
