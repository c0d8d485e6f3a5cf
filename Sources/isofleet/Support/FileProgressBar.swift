import WireTypes

/// The progress line of a one-file command (`fetch`, `upload`): drawn through a
/// ``ProgressReporter`` when stderr is a terminal and `--quiet` is not given, nothing otherwise.
struct FileProgressBar: Sendable {
    private let name: String
    private let via: String
    private let reporter: ProgressReporter?

    /// A bar for the file `name`, moved `via` (`origin`, `upload`: how the line names the transfer).
    init(name: String, via: String, quiet: Bool) {
        self.name = name
        self.via = via
        let reporter = ProgressReporter()
        self.reporter = !quiet && reporter.isTerminal ? reporter : nil
    }

    /// False when nothing is drawn: skip the progress callback altogether.
    var isShown: Bool { reporter != nil }

    /// Redraws the line.
    func show(bytesDone: Int64, totalBytes: Int64?, bytesPerSecond: Double = 0) {
        guard let reporter else { return }
        var status = AdditionStatus(id: 0, source: name, via: via, name: name)
        status.state = .fetching
        status.bytesDone = bytesDone
        status.totalBytes = totalBytes
        status.bytesPerSecond = bytesPerSecond
        reporter.report(status)
    }

    /// Ends the line so that what is printed next starts on a fresh one.
    func finish() {
        reporter?.finish()
    }
}
