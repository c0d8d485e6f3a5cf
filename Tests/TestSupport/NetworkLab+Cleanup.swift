import Foundation

extension NetworkLab {
    /// Removes namespaces and interfaces named `ifl<pid hex>-…` whose process no longer exists:
    /// what a crashed or killed run (test or `bench/fleet.sh`, which names things the same way) left.
    public static func removeStale() {
        let (namespaces, links) = existingNames()
        for name in namespaces where isStale(name) { removeNamespace(name) }
        for name in links where isStale(name) { _ = try? CommandResult.run("ip", ["link", "del", name]) }
    }

    /// The names of every network namespace (`ip netns list`) and every link in the root
    /// namespace (`ip -o link show`, without the `@peer` suffix of veths).
    public static func existingNames() -> (namespaces: [String], links: [String]) {
        let namespaces = ((try? CommandResult.run("ip", ["netns", "list"]))?.stdout ?? "")
            .split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        // "12: ifl1a2b-1b: <BROADCAST,…" or "13: ifl1a2b-1v0@if12: …"
        let links = ((try? CommandResult.run("ip", ["-o", "link", "show"]))?.stdout ?? "")
            .split(separator: "\n").compactMap { line -> String? in
                let fields = line.split(separator: ":", maxSplits: 2)
                guard fields.count > 1 else { return nil }
                return fields[1].trimmingCharacters(in: .whitespaces).split(separator: "@").first.map(String.init)
            }
        return (namespaces, links)
    }

    /// True for `ifl<hex pid>-…` when that process is gone.
    static func isStale(_ name: String) -> Bool {
        guard name.hasPrefix(namePrefix), let dash = name.firstIndex(of: "-") else { return false }
        let hex = name[name.index(name.startIndex, offsetBy: namePrefix.count)..<dash]
        guard let pid = Int32(hex, radix: 16), pid > 0 else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Kills the processes in `namespace` (SIGKILL, waiting up to 5 s for them to go), then deletes it.
    static func removeNamespace(_ namespace: String) {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let pids = ((try? CommandResult.run("ip", ["netns", "pids", namespace]))?.stdout ?? "")
                .split(separator: "\n").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
            if pids.isEmpty { break }
            for pid in pids { kill(pid, SIGKILL) }
            // A killed child of ours stays a zombie (still listed) until its parent reaps it;
            // ChildProcess reaps its own, so give it a moment.
            Thread.sleep(forTimeInterval: 0.05)
        }
        _ = try? CommandResult.run("ip", ["netns", "del", namespace])
    }

    /// Runs `ip ARGUMENTS`, throwing its stderr on failure.
    static func ip(_ arguments: [String]) throws {
        let result = try CommandResult.run("ip", arguments)
        guard result.status == 0 else {
            throw NetworkLabError(
                "ip \(arguments.joined(separator: " ")): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
    }

    /// Namespaces need root (CI runs the tests as root).
    static func requireRoot() throws {
        guard geteuid() == 0 else {
            throw NetworkLabError("network namespaces need root (run the fleet tests as root, as CI does)")
        }
    }
}
