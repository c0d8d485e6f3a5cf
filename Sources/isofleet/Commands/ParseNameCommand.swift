import ArgumentParser
import Foundation
import ISOCatalog
import Node
import WireTypes

/// `isofleet parse-name FILENAME... [--json]`: the identity the file-name parser finds, the same
/// parser `scan` and `import` use.
struct ParseNameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-name",
        abstract: "Show the identity guessed from file names (the parser scan and import use).",
        discussion: "Exit 0 when every name parsed, 2 when any could not be parsed (all are still listed).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "File names or paths relative to the repository.")
    var fileNames: [String]

    @Flag(help: "Print [{\"input\", \"identity\": {…} | null, \"error\"}] on stdout.")
    var json = false

    func validate() throws {
        guard !fileNames.isEmpty else { throw ValidationError("give at least one FILENAME") }
    }

    func run() throws {
        let results = fileNames.map { ($0, FileNameParser.parse($0)) }
        if json {
            try JSONOutput.print(results.map { ParseResultJSON(input: $0.0, result: $0.1) })
        } else {
            var table = TextTable("INPUT", "FAMILY", "NAME", "FLAVOR", "VERSION", "ARCH")
            for (input, result) in results {
                switch result {
                case .success(let identity):
                    table.add(
                        input, identity.family, identity.name, identity.flavor, "\(identity.version)",
                        identity.arch ?? "-")
                case .failure(let error):
                    table.add(input, "-", "-", "-", "-", "(\(error.message))")
                }
            }
            print(table.render())
        }
        let failures = results.compactMap { if case .failure(let error) = $0.1 { error } else { nil } }
        guard let first = failures.first else { return }
        throw CLIError.invalidInput(
            failures.count == 1
                ? first.message
                : "\(failures.count) of \(results.count) names could not be parsed; first: \(first.message)")
    }
}

/// One element of `parse-name --json`.
private struct ParseResultJSON: Encodable {
    let input: String
    let result: Result<ImageIdentity, FileNameParseError>

    enum CodingKeys: String, CodingKey { case input, identity, error }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(input, forKey: .input)
        switch result {
        case .success(let identity):
            try container.encode(IdentityJSON(identity: identity), forKey: .identity)
        case .failure(let error):
            try container.encodeNil(forKey: .identity)
            try container.encode(error.message, forKey: .error)
        }
    }
}
