import Foundation
import ISOCatalog

/// The manifest reader and validator: never traps on any bytes, and an accepted manifest
/// survives `encoded()` and a second read unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = FuzzInput.data(bytes, count)
    guard let manifest = try? Manifest.parse(data) else { return 0 }
    let input = String(decoding: data, as: UTF8.self)
    let encoded: Data
    do { encoded = try manifest.encoded() } catch {
        FuzzInput.violated("an accepted manifest encodes (\(error))", input)
    }
    do {
        if try Manifest.parse(encoded) != manifest {
            FuzzInput.violated("encoded() reads back the same manifest", input)
        }
    } catch {
        FuzzInput.violated("encoded() reads back (\(error))", input)
    }
    return 0
}
