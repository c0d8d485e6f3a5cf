public import ISOCatalog
public import Repository
public import WireTypes

extension CatalogAdditionRequest {
    /// The addition this describes; empty `arch`, `display_name` and `sha256` count as absent.
    public func addition(mode: ImportMode) -> CatalogAddition {
        CatalogAddition(
            file: path,
            identity: ImageIdentity(
                family: family, name: name, flavor: flavor, version: version,
                arch: arch.flatMap { $0.isEmpty ? nil : $0 }),
            displayName: displayName.flatMap { $0.isEmpty ? nil : $0 },
            sha256: sha256.flatMap { $0.isEmpty ? nil : $0 }, mode: mode)
    }
}
