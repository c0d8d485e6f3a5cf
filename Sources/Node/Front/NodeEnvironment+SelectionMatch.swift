public import ISOCatalog

extension NodeEnvironment {
    /// The flag a selection carries when nothing in the cached manifest matches it today ("no image
    /// matches today"): saving it is still allowed (the manifest may offer it later), but a
    /// misspelling shows at once. Nil when an image matches, or when no manifest is held to tell.
    /// Reads the manifest's summary once; for many selections read it once and use
    /// ``unmatchedWarning(for:in:)``.
    public func unmatchedWarning(for selection: Selection) -> String? {
        Self.unmatchedWarning(for: selection, in: try? manifestFacts.read(from: store)?.summary)
    }

    /// ``unmatchedWarning(for:)`` against a manifest summary already read. Pure: nil when `summary`
    /// is nil (no manifest to tell) or an image of it matches.
    public static func unmatchedWarning(for selection: Selection, in summary: ManifestFacts.Summary?) -> String? {
        guard let summary, !summary.identities.contains(where: selection.matches) else { return nil }
        let arch = selection.arch.map { " for arch \($0)" } ?? ""
        return "no image matches today: none of the \(summary.imageCount) images in the manifest fits "
            + "\(selection)\(arch) (saved anyway; check the spelling)"
    }
}
