import Digest
import Foundation
import TestSupport
import Testing

/// A stopping `isofleet serve` hands over before it exits (design §10): on scale-in (aws-asg, the
/// tests' fake IMDS flipping to `Terminated`) it sends lifecycle heartbeats while a peer lacks an
/// image, then `CompleteLifecycleAction` `CONTINUE`, saves resume data and exits 0; on SIGTERM it
/// seeds on until the peers hold what it holds, refusing new update runs meanwhile, and exits 0.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ServeScaleInTests {
    /// A node with one held image (scanned before it starts, so the first seeding refresh adds it),
    /// and a peer whose page lists what the test writes into `peerImagesFile`.
    struct Harness {
        let cli: CLI
        let image: Data
        let webPort: UInt16
        let swarmPort: UInt16
        let peerSwarmPort: UInt16
        let peerWebPort: UInt16
        let peerImagesFile: String
        let peer: ChildProcess

        init() async throws {
            cli = try CLI()
            image = ImageGenerator.bytes(seed: 61, size: 2 << 20)
            let layoutPath = cli.repository + "/Linux/Ubuntu - Server/ubuntu.server-24.04.1.iso"
            try FileManager.default.createDirectory(
                atPath: (layoutPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try image.write(to: URL(fileURLWithPath: layoutPath))
            let scan = try cli.run("scan", "--config", try cli.writeFile("empty.conf", ""))
            #expect(scan.status == 0, "\(scan.stderr)")
            webPort = try FreePort.next()
            swarmPort = try FreePort.next()
            peerSwarmPort = try FreePort.next()
            // The peer's page: a static file server whose /api/v1/images the test rewrites.
            let root = cli.directory.appending("peer")
            try FileManager.default.createDirectory(atPath: root + "/api/v1", withIntermediateDirectories: true)
            peerImagesFile = root + "/api/v1/images"
            try "[]".write(toFile: peerImagesFile, atomically: true, encoding: .utf8)
            var started: (UInt16, ChildProcess)?
            for _ in 0..<5 where started == nil {
                let port = try FreePort.next()
                let process = try ChildProcess(
                    "python3", ["-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", root],
                    logDirectory: cli.directory.path)
                if (try? await FreePort.waitUntilListening(port: port, timeout: .seconds(10))) != nil {
                    started = (port, process)
                }
            }
            let (port, process) = try #require(started)
            (peerWebPort, peer) = (port, process)
        }

        var sha256: String { SHA256.hex(of: image) }

        /// The peer now holds the image.
        func peerHoldsTheImage() throws {
            try "[{\"state\": \"present\", \"sha256\": \"\(sha256)\"}]".write(
                toFile: peerImagesFile, atomically: true, encoding: .utf8)
        }

        /// Starts `isofleet serve` with `extra` configuration lines.
        func serve(_ extra: String, environment: [String: String] = [:]) async throws -> ChildProcess {
            let config = try cli.writeFile(
                "serve.conf",
                """
                web.listen = 127.0.0.1:\(webPort)
                admin.token = scale-in-admin-token
                swarm.listen = 127.0.0.1:\(swarmPort)
                fleet.port = \(peerSwarmPort)
                fleet.web_port = \(peerWebPort)
                fleet.refresh = 1s
                \(extra)
                """)
            let node = try ChildProcess(
                BuiltProducts.isofleet, ["serve", "--config", config, "--shutdown-deadline", "10"],
                logDirectory: cli.directory.path, environment: cli.environment.merging(environment) { $1 },
                workingDirectory: cli.directory.path)
            try await FreePort.waitUntilListening(port: webPort, timeout: .seconds(20))
            // Seeded once /manifest.json names the image's torrent.
            let manifestURL = "http://127.0.0.1:\(webPort)/manifest.json"
            do {
                _ = try await Poll.until(timeout: .seconds(30), "the image seeded") { () -> Bool? in
                    let manifest = try? CommandResult.run("curl", ["-sf", "--max-time", "5", manifestURL])
                    return manifest?.stdout.contains("/torrents/") == true ? true : nil
                }
            } catch {
                throw ChildProcessError("\(error): \(node.standardError())")
            }
            return node
        }

        /// Resume data files saved for the seeded torrent.
        func resumeFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cli.dataDirectory + "/resume")) ?? [])
                .filter { $0.hasSuffix(".resume") }
        }
    }

    @Test func scaleInSendsHeartbeatsThenCompletesTheLifecycleActionAndExitsZero() async throws {
        let harness = try await Harness()
        let directory = try TemporaryDirectory(prefix: "scale-in")
        let instance = FakeIMDS.Instance(
            instanceID: "i-0self", localIPv4: "127.0.0.1", region: "us-east-1", targetLifecycleState: "InService")
        let imds = try await FakeIMDS.start(instance, in: directory)
        let autoscaling = try await FakeAutoScaling.start(
            group: "isofleet-asg",
            members: [
                .init(instanceID: "i-0self", privateIP: "127.0.0.1"),
                .init(instanceID: "i-0peer", privateIP: "127.0.0.1"),
            ],
            in: directory)
        let node = try await harness.serve(
            """
            fleet.discovery = aws-asg
            aws.region = us-east-1
            aws.imds_endpoint = \(imds.endpoint.absoluteString)
            aws.autoscaling_endpoint = \(autoscaling.endpoint.absoluteString)
            aws.ec2_endpoint = \(autoscaling.endpoint.absoluteString)
            aws.lifecycle_poll = 1s
            drain.max = 6s
            drain.heartbeat = 1s
            """, environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "scale-in-secret"])
        // Discovery found the peer (the other instance, same address, its own swarm port).
        _ = try await Poll.until(timeout: .seconds(20), "the peer discovered") {
            node.standardError().contains("127.0.0.1:\(harness.peerSwarmPort)") ? true : nil
        }
        #expect(
            autoscaling.requests().filter { $0.action.hasSuffix("LifecycleAction") || $0.action.contains("Heartbeat") }
                .isEmpty)

        var terminated = instance
        terminated.target_lifecycle_state = "Terminated"
        try imds.update(terminated)
        let status = try await node.waitForExit(timeout: .seconds(40))
        let log = node.standardError()
        #expect(status == 0, "\(log)")
        #expect(log.contains("scale-in: IMDS target lifecycle state is Terminated"))
        #expect(log.contains("drain: 1 image(s) held by no peer yet"))

        let lifecycle = autoscaling.requests().filter {
            ["RecordLifecycleActionHeartbeat", "CompleteLifecycleAction"].contains($0.action)
        }
        let heartbeats = lifecycle.filter { $0.action == "RecordLifecycleActionHeartbeat" }
        #expect(heartbeats.count >= 2, "\(lifecycle.map(\.action))")
        #expect(lifecycle.last?.action == "CompleteLifecycleAction", "\(lifecycle.map(\.action))")
        #expect(lifecycle.filter { $0.action == "CompleteLifecycleAction" }.count == 1)
        for request in lifecycle {
            #expect(request.signed && request.service == "autoscaling" && request.status == 200, "\(request)")
            #expect(request.form["AutoScalingGroupName"] == "isofleet-asg")
            #expect(request.form["LifecycleHookName"] == "isofleet-drain")
            #expect(request.form["InstanceId"] == "i-0self")
        }
        #expect(lifecycle.last?.form["LifecycleActionResult"] == "CONTINUE")
        #expect(!harness.resumeFiles().isEmpty, "resume data saved at the stop")
    }

    @Test func sigtermSeedsOnUntilAPeerHoldsTheImageThenExitsZero() async throws {
        let harness = try await Harness()
        let node = try await harness.serve(
            """
            fleet.discovery = static
            fleet.peers = 127.0.0.1:\(harness.peerSwarmPort)
            drain.max = 60s
            """)
        let stopping = ContinuousClock.now
        node.signal(SIGTERM)
        do {
            _ = try await Poll.until(timeout: .seconds(30), "the drain waiting for the peer") {
                node.standardError().contains("drain: 1 image(s) held by no peer yet") ? true : nil
            }
        } catch {
            throw ChildProcessError("\(error): \(node.standardError())")
        }
        // Draining: still serving reads, refusing every change (a new update run, a selection).
        for (path, body) in [("update", "{}"), ("selections", #"{"spec": "Linux/Debian/Netinst@latest"}"#)] {
            let change = try CommandResult.run(
                "curl",
                [
                    "-s", "--max-time", "10", "-X", "POST", "-H", "Authorization: Bearer scale-in-admin-token",
                    "-H", "Content-Type: application/json", "--data", body, "-w", "\n%{http_code}",
                    "http://127.0.0.1:\(harness.webPort)/api/v1/\(path)",
                ])
            #expect(change.status == 0 && change.stdout.hasSuffix("\n503"), "\(path): \(change.stdout)")
            #expect(change.stdout.contains("the node is stopping (signal): a change refused"), "\(change.stdout)")
        }
        let read = try CommandResult.run(
            "curl",
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:\(harness.webPort)/api/v1/status",
            ])
        #expect(read.stdout == "200")
        #expect(node.isRunning)

        try harness.peerHoldsTheImage()
        let status = try await node.waitForExit(timeout: .seconds(30))
        let log = node.standardError()
        #expect(status == 0, "\(log)")
        #expect(log.contains("drain: every image this node holds is held by a peer; done"))
        #expect(ContinuousClock.now - stopping < .seconds(40), "well before drain.max")
        #expect(!log.contains("CompleteLifecycleAction"))
        #expect(!harness.resumeFiles().isEmpty)
    }
}
