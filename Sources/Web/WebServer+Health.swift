import Foundation
import Hummingbird
import ISOCatalog
import Node
import WireTypes

extension WebServer {
    /// `GET /healthz` and `GET /metrics`.
    func addHealthRoutes(to router: Router<WebRequestContext>) {
        router.get("/healthz") { _, _ -> Response in
            // The process answers: that is health. Upstream trouble shows in /metrics and the status.
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/metrics") { _, _ -> Response in
            let seeding = await self.environment.engines.torrents?.seedingFigures()
            let status = try await self.actions.status()
            let text = self.metricsText(status, now: Date(), seeding: seeding)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// The metrics as Prometheus text, from the node's status, this process's counters and the
    /// swarm's seeding figures (nil without a swarm).
    func metricsText(_ status: NodeStatus, now: Date, seeding: [String: SeedingFigures]? = nil) -> String {
        let fetchedAt = status.manifest.fetchedAt.flatMap(RFC3339.date(from:))

        var metrics = MetricsText()
        metrics.add("isofleet_images_held", .gauge, "Images present in the repository.", Double(status.images.held))
        metrics.add(
            "isofleet_images_missing", .gauge, "Images known to the catalog whose file was not found.",
            Double(status.images.missing))
        metrics.add(
            "isofleet_bytes_held", .gauge, "Total size of the images present, in bytes.", Double(status.images.bytes))
        metrics.add(
            "isofleet_images_without_checksum", .gauge, "Images present without a known sha256.",
            Double(status.images.withoutChecksum))
        metrics.add("isofleet_selections", .gauge, "Selections configured.", Double(status.selections.total))
        metrics.add(
            "isofleet_selections_auto_update", .gauge, "Selections that follow newer versions.",
            Double(status.selections.autoUpdate))
        metrics.add(
            "isofleet_manifest_fetched", .gauge, "1 when a good upstream manifest is cached, else 0.",
            fetchedAt == nil ? 0 : 1)
        if let fetchedAt {
            metrics.add(
                "isofleet_manifest_age_seconds", .gauge, "Seconds since the cached manifest was fetched.",
                max(0, now.timeIntervalSince(fetchedAt).rounded()))
        }
        metrics.add(
            "isofleet_manifest_last_attempt_failed", .gauge,
            "1 when the last manifest pull failed (the last good manifest is kept), else 0.",
            status.manifest.lastError == nil ? 0 : 1)
        metrics.add(
            "isofleet_transfers", .gauge, "Transfers by state.",
            NodeStatus.transferStates.map { state in ([("state", state)], Double(status.transfers[state] ?? 0)) })
        metrics.add(
            "isofleet_auth_failures_total", .counter,
            "Changes refused for a missing or wrong admin token since the start.", Double(auth.failures))
        if let seeding {
            metrics.add(
                "isofleet_swarm_seeding_images", .gauge, "Images the node's swarm seeds.", Double(seeding.count))
            metrics.add(
                "isofleet_swarm_uploaded_bytes_total", .counter,
                "Payload bytes uploaded to fleet peers, over every session of the seeded torrents.",
                Double(seeding.values.reduce(Int64(0)) { $0 + $1.uploadedBytes }))
            metrics.add(
                "isofleet_swarm_upload_rate_bytes", .gauge, "Payload upload rate now, bytes per second.",
                Double(seeding.values.reduce(0) { $0 + $1.uploadRate }))
            metrics.add(
                "isofleet_swarm_peers", .gauge,
                "Peers connected to the seeded torrents (a peer counts once per torrent).",
                Double(seeding.values.reduce(0) { $0 + $1.peers }))
        }
        return metrics.text
    }
}
