import ISOCatalog

/// The file-name parser (`FileNameParser`, and its `guess` for refused names): never traps, and what it accepts is an identity the
/// default layout renders as a safe repository path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFileName(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let name = FuzzInput.text(bytes, count) else { return 0 }
    guard case .success(let identity) = FileNameParser.parse(name) else {
        // What scan records for a name it cannot parse: must not trap either.
        _ = FileNameParser.guess(name).summary
        return 0
    }
    for field in [identity.family, identity.name, identity.flavor, identity.version.description] {
        if field.isEmpty || field.contains("/") {
            FuzzInput.violated("identity fields are non-empty, without '/'", name)
        }
    }
    if let path = try? Layout.default.relativePath(for: identity), !RepositoryPath.isSafe(path) {
        FuzzInput.violated("the default layout renders a safe path (got \(path))", name)
    }
    return 0
}
