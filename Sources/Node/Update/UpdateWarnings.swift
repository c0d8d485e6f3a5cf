public import ISOCatalog

/// Derives a run's ``UpdateWarning``s from its plan and what it fetched. Pure: values in, warnings
/// out, in selection order.
public enum UpdateWarnings {
    /// - Parameters:
    ///   - selections: the run's selections (each resolved again against `manifest`, so every
    ///     warning names the selection it concerns);
    ///   - manifestFailure: why the manifest could not be refreshed, when the run worked from the
    ///     last good copy;
    ///   - fetched: the images fetched, whose ``FetchedImage/overcome`` failures name sources
    ///     passed over (their other notes, an adopted file say, are no warning).
    public static func of(
        plan: UpdatePlan, selections: [PlannedSelection], manifest: Manifest, manifestFailure: String?,
        fetched: [FetchedImage] = []
    ) -> [UpdateWarning] {
        var warnings: [UpdateWarning] = []
        if let manifestFailure {
            warnings.append(UpdateWarning(selection: nil, kind: .unreachable, message: manifestFailure))
        }
        let fetchedByIdentity = Dictionary(fetched.map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
        for planned in selections {
            let resolution = Resolver.resolve(planned.selection, in: manifest, spec: planned.spec)
            if let error = resolution.error {
                // The resolver's message starts with the spec, which the warning names already.
                let prefix = planned.spec + ": "
                let why =
                    error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
                warnings.append(
                    UpdateWarning(
                        selection: planned.spec, kind: .unresolved, message: why + "; nothing is fetched for it"))
                continue
            }
            let wanted = Set(resolution.images.map(\.identity))
            for skipped in plan.skip where wanted.contains(skipped.identity) {
                warnings.append(
                    UpdateWarning(
                        selection: planned.spec, kind: .skipped, path: skipped.path.isEmpty ? nil : skipped.path,
                        message: "\(skipped.identity) not fetched: \(skipped.reason)"))
            }
            for identity in resolution.images.map(\.identity) {
                for note in fetchedByIdentity[identity]?.overcome ?? [] {
                    warnings.append(
                        UpdateWarning(
                            selection: planned.spec, kind: .unreachable, path: fetchedByIdentity[identity]?.path,
                            message: "\(identity) fetched, but: \(note)"))
                }
            }
        }
        return warnings
    }
}
