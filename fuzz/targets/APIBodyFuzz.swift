import Foundation
import ISOCatalog
import WireTypes

/// The JSON bodies the API accepts (selections, settings, additions, catalog entries), read the
/// way the web server reads them and carried one step further (a selection parsed, an interval
/// read as a duration): nothing traps, whatever the body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAPIBody(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = FuzzInput.data(bytes, count)
    let decoder = JSONDecoder()
    if let request = try? decoder.decode(SelectionRequest.self, from: data) {
        _ = try? Selection(parsing: request.selection, arch: request.arch, keep: request.keep ?? 1)
    }
    if let settings = try? decoder.decode(SettingsJSON.self, from: data), let interval = settings.manifestInterval {
        if let duration = Configuration.parseDuration(interval), duration > Configuration.maximumDuration {
            FuzzInput.violated("a manifest interval is at most a year and a day", interval)
        }
    }
    _ = try? decoder.decode(AddSourceRequest.self, from: data)
    _ = try? decoder.decode([CatalogAdditionRequest].self, from: data)
    if let addition = try? decoder.decode(CatalogAdditionRequest.self, from: data) {
        let identity = ImageIdentity(
            family: addition.family, name: addition.name, flavor: addition.flavor, version: addition.version,
            arch: addition.arch)
        _ = try? Layout.default.relativePath(for: identity)
    }
    return 0
}
