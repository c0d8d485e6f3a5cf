import Foundation

/// A progress line on stderr for long work (hashing): silent for the first second, then
/// rewritten in place on a terminal, or one line every few seconds when stderr is a file or pipe.
final class ProgressLine {
    private let started = ContinuousClock.now
    private var lastPrinted: ContinuousClock.Instant?
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var printedOnTerminal = false

    /// Shows `text` if enough time has passed since the start and the last line.
    func update(_ text: @autoclosure () -> String) {
        let now = ContinuousClock.now
        guard now - started >= .seconds(1) else { return }
        if let lastPrinted, now - lastPrinted < (isTerminal ? .milliseconds(250) : .seconds(5)) { return }
        lastPrinted = now
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text())".utf8))
            printedOnTerminal = true
        } else {
            FileHandle.standardError.write(Data("\(text())\n".utf8))
        }
    }

    /// Ends the line on a terminal so the next output starts on a fresh one.
    func finish() {
        if printedOnTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
