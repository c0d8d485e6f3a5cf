import Foundation

/// Human-readable sizes, rates and durations, the same on the command line, in logs and on the page.
public enum ByteCount {
    /// `512.0 MiB`, `1.2 GiB`, `100 B` (binary units, one decimal above bytes).
    public static func size(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// `85.3 MiB/s`.
    public static func rate(_ bytesPerSecond: Int) -> String { size(Int64(bytesPerSecond)) + "/s" }

    /// `1:05:09`, `4:07`, or `--:--` when unknown.
    public static func duration(seconds: Int64?) -> String {
        guard let seconds, seconds >= 0, seconds < 100 * 3600 else { return "--:--" }
        let hours = seconds / 3600
        let minutes = (seconds % 3600) / 60
        let rest = seconds % 60
        return hours > 0
            ? String(format: "%lld:%02lld:%02lld", hours, minutes, rest)
            : String(format: "%lld:%02lld", minutes, rest)
    }
}
