import Foundation

/// The configuration file parser and the typed readers (durations, switches, lists): never trap,
/// whatever the file holds; a duration that is accepted is within ``Configuration/maximumDuration``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let path = ConfigurationFuzzFile.path
    guard FileManager.default.createFile(atPath: path, contents: FuzzInput.data(bytes, count)) else {
        fatalError("cannot write \(path)")
    }
    guard let configuration = try? Configuration(file: path, environment: [:]) else { return 0 }
    for key in ConfigurationKey.all {
        if let duration = try? configuration.duration(key), duration > Configuration.maximumDuration {
            FuzzInput.violated("\(key.name) is at most \(Configuration.maximumDuration)", configuration[key] ?? "")
        }
        _ = try? configuration.flag(key)
        _ = configuration.list(key)
    }
    return 0
}

/// One scratch file per fuzzing process (the parser reads a path).
enum ConfigurationFuzzFile {
    static let path = NSTemporaryDirectory() + "/isofleet-fuzz-config-\(getpid()).conf"
}
