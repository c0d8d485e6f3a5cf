import ArgumentParser
import Common
import Foundation
import ISOCatalog

/// `isofleet resolve --manifest FILE|URL --select SPEC... [--arch A] [--keep N] [--json]`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Show what each selection resolves to in a manifest.",
        discussion: """
            The manifest is a file path or a file:// URL (http(s) manifests come with the node's fetcher; \
            use 'curl -o' meanwhile). Exit 2 for an invalid manifest or selection (the other selections are \
            still resolved and printed); a valid selection that matches nothing is listed with an "error" \
            and does not change the exit code.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The manifest: a path or file:// URL.", valueName: "file|url"))
    var manifest: String

    @Option(name: .customLong("select"), help: ArgumentHelp("A selection; repeat for several.", valueName: "spec"))
    var selections: [String] = []

    @Option(help: "Only images of this architecture (applies to every selection).")
    var arch: String?

    @Option(help: "Versions to return per name and flavor (applies to every selection).")
    var keep = 1

    @Flag(help: "Print [{\"selection\", \"images\": [...], \"error\"}] on stdout.")
    var json = false

    func validate() throws {
        guard !selections.isEmpty else { throw ValidationError("give at least one --select SPEC") }
    }

    func run() throws {
        let parsed = selections.map { spec in
            Result { () throws(SelectionError) in try Selection(parsing: spec, arch: arch, keep: keep) }
        }
        let manifest = try loadManifest()
        let outcomes: [Outcome] = zip(selections, parsed).map { spec, result in
            switch result {
            case .success(let selection): .resolved(Resolver.resolve(selection, in: manifest, spec: spec))
            case .failure(let error): .invalid(spec: spec, error: error)
            }
        }
        if json {
            try JSONOutput.print(outcomes)
        } else {
            printText(outcomes)
        }
        let invalid = parsed.compactMap { if case .failure(let error) = $0 { error } else { nil } }
        if let first = invalid.first {
            throw CLIError.invalidInput(
                invalid.count == 1 ? first.message : "\(invalid.count) invalid selections; first: \(first.message)")
        }
    }

    /// Reads and validates the manifest; every failure is invalid input (exit 2) except an
    /// unreadable existing file (exit 1).
    private func loadManifest() throws -> Manifest {
        let path: String
        if manifest.hasPrefix("http://") || manifest.hasPrefix("https://") {
            throw CLIError.invalidInput(
                "\(manifest): http(s) manifests are not supported by resolve yet (they come with the Fetch module); "
                    + "download it and pass the file")
        } else if manifest.hasPrefix("file://") {
            guard let url = URL(string: manifest), url.isFileURL else {
                throw CLIError.invalidInput("\(manifest): not a valid file:// URL")
            }
            path = url.path
        } else if let colon = manifest.firstIndex(of: ":"), manifest[..<colon].allSatisfy(\.isLetter),
            manifest[manifest.index(after: colon)...].hasPrefix("//")
        {
            throw CLIError.invalidInput("\(manifest): unsupported URL scheme; give a path or a file:// URL")
        } else {
            path = manifest
        }
        let data = try InputFile.read(path)
        do {
            return try Manifest.parse(data)
        } catch {
            throw CLIError.invalidInput("manifest \(path): \(error.message)")
        }
    }

    private func printText(_ outcomes: [Outcome]) {
        for outcome in outcomes {
            switch outcome {
            case .resolved(let resolution):
                print(resolution.spec)
                if let error = resolution.error { print("  (\(error.message))") }
                var table = TextTable("  IDENTITY", "FILE", "SIZE", "SHA256")
                for image in resolution.images {
                    table.add(
                        "  \(image.identity)", image.fileName ?? "-", image.size.map { ByteCount.size($0) } ?? "-",
                        image.sha256.map { String($0.prefix(16)) + "…" } ?? "-")
                }
                if !resolution.images.isEmpty { print(table.render()) }
            case .invalid(let spec, let error):
                print(spec)
                print("  (\(error.message))")
            }
        }
    }

    /// One element of the output: a resolution, or a spec that did not parse.
    private enum Outcome: Encodable {
        case resolved(Resolution)
        case invalid(spec: String, error: SelectionError)

        private enum CodingKeys: String, CodingKey { case selection, images, error }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .resolved(let resolution):
                try resolution.encode(to: encoder)
            case .invalid(let spec, let error):
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(spec, forKey: .selection)
                try container.encode([String](), forKey: .images)
                try container.encode(error.message, forKey: .error)
            }
        }
    }
}
