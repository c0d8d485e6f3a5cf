public import Common
import Foundation
public import Repository

/// The secret every change through the API or the page needs (design §9): `admin.token` from the
/// configuration, else the one generated at first start into `DATA_DIR/admin-token` (mode 0600).
public struct AdminToken: Sendable {
    /// Where the token in force came from.
    public enum Origin: Hashable, Sendable, CustomStringConvertible {
        /// `admin.token` (file or `ISOFLEET_ADMIN_TOKEN`).
        case configured
        /// Read from the token file written by an earlier start.
        case file(String)
        /// Generated now and written to the token file.
        case generated(String)

        /// Where an operator finds the token: "configuration key admin.token", "/…/admin-token".
        public var description: String {
            switch self {
            case .configured: "configuration key admin.token"
            case .file(let path), .generated(let path): path
            }
        }
    }

    /// The secret itself. Never logged.
    public let value: String
    public let origin: Origin

    public init(value: String, origin: Origin) {
        self.value = value
        self.origin = origin
    }

    /// The shortest configured token accepted: a shorter one is guessed too easily.
    public static let minimumLength = 16

    /// The configured token, else the token file's (its mode tightened to 0600), else a new one
    /// (32 random bytes as hex) written to the token file with mode 0600.
    /// - Throws: ``DaemonError`` `invalidInput` for a configured token shorter than
    ///   ``minimumLength``; `io` when the token file cannot be read or written.
    public static func resolve(configured: String?, dataDirectory: DataDirectory) throws(DaemonError) -> AdminToken {
        if let configured, !configured.isEmpty {
            guard configured.count >= minimumLength else {
                throw DaemonError(
                    .invalidInput,
                    "admin.token: \(configured.count) characters, at least \(minimumLength) needed "
                        + "(e.g. openssl rand -hex 32; or unset it to use the generated token)")
            }
            return AdminToken(value: configured, origin: .configured)
        }
        let path = dataDirectory.adminToken
        if let data = FileManager.default.contents(atPath: path) {
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty {
                chmod(path, 0o600)
                return AdminToken(value: value, origin: .file(path))
            }
            unlink(path)
        }
        let value = generate()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw DaemonError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let line = Array((value + "\n").utf8)
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fchmod(fd, 0o600) == 0, fsync(fd) == 0 else {
            unlink(path)
            throw DaemonError(.io, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        return AdminToken(value: value, origin: .generated(path))
    }

    /// 32 bytes from the system's cryptographic generator, as 64 lower-case hex digits.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
