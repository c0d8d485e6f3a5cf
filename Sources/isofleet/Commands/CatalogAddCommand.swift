import ArgumentParser
import Common
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet catalog add FILE --family F --name N --flavor V --version X.Y.Z [...]` or
/// `isofleet catalog add --json FILE.json`.
struct CatalogAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an ISO to the catalog, by flags or from a JSON description.",
        discussion: """
            A FILE inside the repository is registered where it is; one outside is copied (or moved, \
            or hard-linked) to its layout path. With --sha256 the file must match it or nothing is added.

            With --json, FILE is a JSON object or array of objects: {"family", "name", "flavor", \
            "version": {"major", "minor", "patch"} or "X.Y.Z", "arch", "path", "display_name", "sha256"}; \
            a relative "path" is relative to the working directory. The output is then JSON too.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The ISO file, or with --json the JSON description ('-' for stdin).")
    var file: String

    @Option(help: "Family, e.g. Linux.") var family: String?
    @Option(help: "Name, e.g. Ubuntu.") var name: String?
    @Option(help: "Flavor, e.g. Server.") var flavor: String?
    @Option(help: "Version as MAJOR[.MINOR[.PATCH]], components kept as written (22.04.3).") var version: String?
    @Option(help: "Architecture, e.g. amd64.") var arch: String?
    @Option(help: "A human title for listings.") var displayName: String?
    @Option(help: "Expected SHA-256 (64 hex digits); the file must match.") var sha256: String?

    @Flag(help: "How a file outside the repository is brought in (default: --copy).")
    var mode: ImportModeFlag = .copy

    @Flag(help: "FILE is a JSON description (object or array); print the results as JSON.")
    var json = false

    func validate() throws {
        let identityFlags = [family, name, flavor, version, arch, displayName, sha256]
        if json {
            guard identityFlags.allSatisfy({ $0 == nil }) else {
                throw ValidationError("with --json the identity comes from the JSON file; drop --family, --name, …")
            }
            return
        }
        let missing = [("--family", family), ("--name", name), ("--flavor", flavor), ("--version", version)]
            .filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty else {
            throw ValidationError("missing \(missing.joined(separator: ", ")) (or use --json FILE.json)")
        }
    }

    func run() throws {
        let additions = try json ? CatalogAdditionJSON.read(file) : [additionFromFlags()]
        let node = try global.node()
        try request { () throws(RequestError) in try node.validateCatalogAdditions(additions, mode: mode.mode) }
        let progress = ProgressLine()
        let results = node.addToCatalog(additions, mode: mode.mode) { file, bytes in
            progress.update("hashing \(file): \(ByteCount.size(bytes))")
        }
        progress.finish()
        try report(results, additions: additions)
    }

    private func additionFromFlags() throws -> CatalogAdditionRequest {
        guard let parsedVersion = IdentityFields.version(version ?? "") else {
            throw CLIError.invalidInput("--version '\(version ?? "")' is not MAJOR[.MINOR[.PATCH]]")
        }
        return CatalogAdditionRequest(
            family: family ?? "", name: name ?? "", flavor: flavor ?? "", version: parsedVersion, arch: arch,
            path: file, displayName: displayName, sha256: sha256)
    }

    private func report(_ results: [Result<ImageJSON, RequestError>], additions: [CatalogAdditionRequest]) throws {
        if json {
            try JSONOutput.print(
                zip(additions, results).map { addition, result -> CatalogResultJSON in
                    switch result {
                    case .success(let image): .added(image)
                    case .failure(let error): .failed(file: addition.path, error: error.description)
                    }
                })
        } else {
            for case .success(let image) in results {
                let outcome = (image.extra["outcome"]?.text ?? "").replacingOccurrences(of: "_", with: " ")
                print(
                    "added \(image.id ?? 0) \(image.identity) at \(image.path) (\(outcome))"
                        + (image.extra["note"]?.text.map { "; \($0)" } ?? ""))
            }
        }
        let failures = results.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        guard let first = failures.first else { return }
        let message =
            failures.count == 1
            ? first.description
            : "\(failures.count) of \(results.count) images not added; first: \(first.description)"
        throw failures.allSatisfy({ $0.code == .invalidInput })
            ? CLIError.invalidInput(message) : CLIError.failure(message)
    }
}

/// `--copy`, `--move`, `--link`.
enum ImportModeFlag: String, EnumerableFlag {
    case copy, move, link

    var mode: ImportMode {
        switch self {
        case .copy: .copy
        case .move: .move
        case .link: .link
        }
    }

    static func help(for value: Self) -> ArgumentHelp? {
        switch value {
        case .copy: "Copy the file (hashing while copying)."
        case .move: "Move the file (hard link + unlink; copy + unlink across file systems)."
        case .link: "Hard-link the file (copy, with a note, across file systems)."
        }
    }
}

/// One element of `catalog add --json` output: the stored image with `outcome` and `note`, or
/// `{"file", "error"}`.
