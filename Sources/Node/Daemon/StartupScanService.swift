import Common
import Foundation
public import Logging
public import Repository
public import ServiceLifecycle

/// Scans the repository once when the daemon starts (so files dropped into `repo/` show up), off
/// the cooperative thread pool since hashing blocks, then stays up until the group shuts down.
///
/// A failed scan is logged, not fatal: the node still serves what the store already holds.
public struct StartupScanService: Service, CustomStringConvertible {
    public let scanner: RepositoryScanner
    public let logger: Logger

    public init(scanner: RepositoryScanner, logger: Logger) {
        self.scanner = scanner
        self.logger = logger
    }

    /// The name the service group logs.
    public var description: String { "StartupScanService(\(scanner.repository.root))" }

    public func run() async throws {
        let scanner = scanner
        let logger = logger
        logger.info("scanning repository", metadata: ["repository": "\(scanner.repository.root)"])
        let outcome = await OffPool.run("isofleet-scan") { () -> Result<ScanReport, CatalogError> in
            do throws(CatalogError) { return .success(try scanner.scan()) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(let report):
            logger.info(
                """
                scan done: \(report.added.count) added, \(report.updated.count) updated, \
                \(report.unchanged) unchanged, \(report.missing.count) missing, \
                \(report.unparseable.count) unparseable, \(report.failed.count) unreadable
                """)
            for issue in report.unparseable + report.failed {
                logger.notice("scan skipped \(issue.path): \(issue.reason)")
            }
        case .failure(let error):
            logger.error("scan failed: \(error)")
        }
        // Stay in the group: a service that returns would end the daemon.
        try? await gracefulShutdown()
    }
}
