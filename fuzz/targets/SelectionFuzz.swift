import ISOCatalog

/// The selection grammar: never traps, and an accepted selection reads back the same from its
/// compact form (what the store, the API and `select list` print).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSelection(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let spec = FuzzInput.text(bytes, count), let selection = try? Selection(parsing: spec) else { return 0 }
    let again: Selection
    do { again = try Selection(parsing: selection.description) } catch {
        FuzzInput.violated("the compact form \(selection.description.debugDescription) parses (\(error))", spec)
    }
    if again != selection { FuzzInput.violated("the compact form parses to the same selection", spec) }
    return 0
}
