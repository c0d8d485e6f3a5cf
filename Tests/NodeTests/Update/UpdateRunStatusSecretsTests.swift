import Node
import Testing

/// Issue 15, item 10: `GET /api/v1/update` is public, so the run status shows URLs without
/// credentials or query, whatever error text carried them.
struct UpdateRunStatusSecretsTests {
    @Test func item10_aFailedRunShowsTheManifestURLWithoutSecrets() {
        let error = UpdateError(
            .noManifest,
            "manifest https://ops:hunter2@origin.example/fleet/manifest.json?X-Amz-Signature=abc123 is unreachable",
            manifestFailure: nil)
        let last = UpdateRunStatus.LastRun(.failure(error))
        #expect(last.summary == "manifest https://origin.example/fleet/manifest.json is unreachable")
    }
}
