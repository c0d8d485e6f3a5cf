import Foundation

/// How the session reacts to the shim's events: completing waiters, storing resume data,
/// forgetting removed torrents, then broadcasting to subscribers.
extension SwarmSession {
    func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    func publish(_ event: SwarmEvent) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    func abandonResumeWaiters(_ ids: [TorrentID]) {
        for id in ids {
            for waiter in flushWaiters.removeValue(forKey: id) ?? [] {
                waiter.resume(throwing: SwarmError(.timeout, "torrent \(id) not flushed before the deadline"))
            }
            for waiter in resumeWaiters.removeValue(forKey: id) ?? [] {
                waiter.resume(throwing: SwarmError(.timeout, "no resume data for torrent \(id) before the deadline"))
            }
        }
    }

    func failWaiters(_ error: SwarmError) {
        for waiter in resumeWaiters.values.joined() { waiter.resume(throwing: error) }
        for waiter in flushWaiters.values.joined() { waiter.resume(throwing: error) }
        flushWaiters.removeAll()
        for waiter in finishWaiters.values.flatMap(\.values) { waiter.resume(throwing: error) }
        for waiter in removeWaiters.values.flatMap(\.values) { waiter.resume() }
        resumeWaiters.removeAll()
        finishWaiters.removeAll()
        removeWaiters.removeAll()
    }

    func handle(_ event: ShimEvent) {
        let publicEvent = event.publicEvent
        if let id = event.torrent, let publicEvent {
            handleTorrentEvent(publicEvent, id: id, event: event)
        }
        if let publicEvent { publish(publicEvent) }
    }

    func handleTorrentEvent(_ publicEvent: SwarmEvent, id: TorrentID, event: ShimEvent) {
        switch publicEvent {
        case .resumeDataSaved:
            let data = event.data ?? []
            if let hashes = event.infoHashes { torrents[id] = hashes }
            if let resumeStore, let hashes = torrents[id] { try? resumeStore.save(data, for: hashes) }
            for waiter in resumeWaiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: data) }
        case .flushed:
            for waiter in flushWaiters.removeValue(forKey: id) ?? [] { waiter.resume() }
        case .resumeDataFailed(_, let message):
            for waiter in resumeWaiters.removeValue(forKey: id) ?? [] {
                waiter.resume(throwing: SwarmError(.io, "resume data of torrent \(id): \(message)"))
            }
        case .finished:
            // Posted once every wanted piece passed its hash check (the state may still read
            // "downloading" for a moment, so the event itself is the answer).
            for waiter in (finishWaiters.removeValue(forKey: id) ?? [:]).values { waiter.resume() }
        case .checked:
            // A torrent whose files were complete already may finish without a finished event.
            guard let waiters = finishWaiters[id], !waiters.isEmpty,
                case .running(let handle, _) = state,
                let status = try? handle.status(id), Self.isComplete(status)
            else { return }
            finishWaiters[id] = nil
            for waiter in waiters.values { waiter.resume() }
        case .fileError(_, let message), .torrentError(_, let message):
            for waiter in (finishWaiters.removeValue(forKey: id) ?? [:]).values {
                waiter.resume(throwing: SwarmError(.torrentFailed, message))
            }
        case .torrentRemoved:
            torrents[id] = nil
            for waiter in (removeWaiters.removeValue(forKey: id) ?? [:]).values { waiter.resume() }
            for waiter in (finishWaiters.removeValue(forKey: id) ?? [:]).values {
                waiter.resume(throwing: SwarmError(.unknownTorrent, "torrent \(id) was removed"))
            }
            for waiter in resumeWaiters.removeValue(forKey: id) ?? [] {
                waiter.resume(throwing: SwarmError(.unknownTorrent, "torrent \(id) was removed"))
            }
            for waiter in flushWaiters.removeValue(forKey: id) ?? [] {
                waiter.resume(throwing: SwarmError(.unknownTorrent, "torrent \(id) was removed"))
            }
        default:
            break
        }
    }
}
