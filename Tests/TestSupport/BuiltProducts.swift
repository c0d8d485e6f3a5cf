import Foundation

/// Paths of what `swift build` produced, for tests that run the real `isofleet` binary.
public enum BuiltProducts {
    /// The build directory holding the test bundle (e.g. `.build/x86_64-unknown-linux-gnu/debug`).
    public static var directory: String {
        // The test runner is `<build dir>/isofleetPackageTests.xctest`.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    }

    /// The `isofleet` executable built alongside the tests.
    public static var isofleet: String { directory + "/isofleet" }
}
