import Foundation
import Hummingbird
import ISOStore
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
            let text = try self.metricsText(now: Date(), seeding: seeding)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    /// The metrics as Prometheus text, from the store, this process's counters and the swarm's
    /// seeding figures (nil without a swarm).
    func metricsText(now: Date, seeding: [String: SeedingFigures]? = nil) throws -> String {
        let store = environment.store
        let images = try store.images()
        let held = images.filter { $0.state != .missing }
        let selections = try store.selections()
        let cached = try store.cachedManifest()
        let transfers = try store.transfers()

        var metrics = MetricsText()
        metrics.add("isofleet_images_held", .gauge, "Images present in the repository.", Double(held.count))
        metrics.add(
            "isofleet_images_missing", .gauge, "Images known to the catalog whose file was not found.",
            Double(images.count - held.count))
        metrics.add(
            "isofleet_bytes_held", .gauge, "Total size of the images present, in bytes.",
            Double(held.reduce(Int64(0)) { $0 + $1.size }))
        metrics.add(
            "isofleet_images_without_checksum", .gauge, "Images present without a known sha256.",
            Double(held.filter { $0.sha256 == nil }.count))
        metrics.add("isofleet_selections", .gauge, "Selections configured.", Double(selections.count))
        metrics.add(
            "isofleet_selections_auto_update", .gauge, "Selections that follow newer versions.",
            Double(selections.filter(\.autoUpdate).count))
        metrics.add(
            "isofleet_manifest_fetched", .gauge, "1 when a good upstream manifest is cached, else 0.",
            cached?.fetchedAt == nil ? 0 : 1)
        if let fetchedAt = cached?.fetchedAt {
            metrics.add(
                "isofleet_manifest_age_seconds", .gauge, "Seconds since the cached manifest was fetched.",
                max(0, now.timeIntervalSince(fetchedAt).rounded()))
        }
        metrics.add(
            "isofleet_manifest_last_attempt_failed", .gauge,
            "1 when the last manifest pull failed (the last good manifest is kept), else 0.",
            cached?.lastError == nil ? 0 : 1)
        metrics.add(
            "isofleet_transfers", .gauge, "Transfers by state.",
            TransferState.allCases.map { state in
                ([("state", state.rawValue)], Double(transfers.filter { $0.state == state }.count))
            })
        metrics.add(
            "isofleet_auth_failures_total", .counter,
            "Changes refused for a missing or wrong admin token since the start.", Double(auth.failures))
        if let seeding {
            metrics.add("isofleet_swarm_seeding_images", .gauge, "Images the node's swarm seeds.", Double(seeding.count))
            metrics.add(
                "isofleet_swarm_uploaded_bytes_total", .counter,
                "Payload bytes uploaded to fleet peers, over every session of the seeded torrents.",
                Double(seeding.values.reduce(Int64(0)) { $0 + $1.uploadedBytes }))
            metrics.add(
                "isofleet_swarm_upload_rate_bytes", .gauge, "Payload upload rate now, bytes per second.",
                Double(seeding.values.reduce(0) { $0 + $1.uploadRate }))
            metrics.add(
                "isofleet_swarm_peers", .gauge, "Peers connected to the seeded torrents (a peer counts once per torrent).",
                Double(seeding.values.reduce(0) { $0 + $1.peers }))
        }
        return metrics.text
    }
}
