public import Foundation

/// Drives the admin page in headless chromium (selenium and chromedriver from Debian, through
/// `page_driver.py` beside this file), one browser per ``run(_:artifacts:timeout:)``: the steps
/// run in order in one tab, so cookies (a sign-in) carry from one page to the next.
/// Screenshots are kept as test artifacts in ``artifactsDirectory``.
public enum PageDriver {
    /// One thing the browser does.
    public enum Step: Sendable {
        /// Loads a URL and waits for the page's `load` event.
        case open(String)
        /// Clears the field matching a CSS selector and types text into it.
        case fill(String, String)
        /// Chooses the option with this value in the `<select>` matching a CSS selector.
        case select(String, String)
        /// Ticks the checkbox matching a CSS selector (left ticked when it is).
        case check(String)
        /// Clicks the element matching a CSS selector, once it is enabled.
        case click(String)
        /// Waits until the page's visible text contains the text (default 10 s).
        case waitForText(String, timeout: Int = 10)
        /// Waits until an element matches the CSS selector (default 10 s).
        case waitFor(String, timeout: Int = 10)
        /// Saves a screenshot as `NAME.png` in ``PageDriver/artifactsDirectory``.
        case screenshot(String)

        var json: [String: Any] {
            switch self {
            case .open(let url): ["open": url]
            case .fill(let css, let text): ["fill": css, "value": text]
            case .select(let css, let value): ["select": css, "value": value]
            case .check(let css): ["check": css]
            case .click(let css): ["click": css]
            case .waitForText(let text, let timeout): ["wait_text": text, "timeout": timeout]
            case .waitFor(let css, let timeout): ["wait": css, "timeout": timeout]
            case .screenshot(let name): ["screenshot": name]
            }
        }
    }

    /// The script, found next to this source file.
    public static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("page_driver.py").path

    /// `.build/test-artifacts` of the package the tests belong to.
    public static let artifactsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/test-artifacts").path

    /// Runs `steps` in a fresh headless chromium; `name` names the screenshots and the logs.
    /// Throws ``PageDriverError`` naming the step that failed, with the page as it was then.
    public static func run(
        _ steps: [Step], artifacts name: String, timeout: Duration = .seconds(120)
    ) async throws
        -> PageRun
    {
        try FileManager.default.createDirectory(atPath: artifactsDirectory, withIntermediateDirectories: true)
        let request = artifactsDirectory + "/\(name)-steps.json"
        let body: [String: Any] = ["steps": steps.map(\.json), "artifacts": artifactsDirectory, "name": name]
        try JSONSerialization.data(withJSONObject: body).write(to: URL(fileURLWithPath: request))
        // Debian's python3 (not a pyenv one): python3-selenium is installed there.
        let driver = try ChildProcess("/usr/bin/python3", [script, request], logDirectory: artifactsDirectory)
        let status = try await driver.waitForExit(timeout: timeout)
        let output = driver.standardOutput()
        guard let data = output.data(using: .utf8),
            let answer = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw PageDriverError(
                description:
                    "page driver (\(name)) exited \(status) without an answer: \(driver.standardError().suffix(800))")
        }
        let run = PageRun(
            dom: answer["dom"] as? String ?? "", url: answer["url"] as? String ?? "",
            screenshots: answer["screenshots"] as? [String] ?? [])
        if let error = answer["error"] as? String {
            let index = answer["step"] as? Int ?? -1
            let step = steps.indices.contains(index) ? "\(steps[index])" : "?"
            throw PageDriverError(
                description: "page driver (\(name)) step \(index) \(step) failed: \(error); at \(run.url)", page: run)
        }
        return run
    }
}

/// What the browser showed at the end of a ``PageDriver`` run.
public struct PageRun: Sendable {
    /// The page's `document.documentElement.outerHTML` after the last step (scripts ran).
    public let dom: String
    /// The URL the tab was at.
    public let url: String
    /// The screenshots saved, in order.
    public let screenshots: [String]
}

/// A ``PageDriver`` step that failed (the element never appeared, the text never showed) or a
/// driver that could not start.
public struct PageDriverError: Error, CustomStringConvertible {
    public let description: String
    /// The page when the step failed, when the browser was running.
    public var page: PageRun?
}
