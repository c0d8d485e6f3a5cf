#!/usr/bin/env python3
"""A baseline for bench/fleet.sh: one libtorrent client (python3-libtorrent) downloading a torrent
with the origin's HTTP URL as a web seed and the other clients as peers, until it has every piece.

usage: lt_webseed.py TORRENT WEB_SEED_URL SAVE_DIR LISTEN_ADDRESS [PEER_ADDRESS:PORT ...]
"""
import sys
import time

import libtorrent as lt

torrent, url, save, address, *peers = sys.argv[1:]
session = lt.session({
    "listen_interfaces": f"{address}:6881",
    "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
    "unchoke_slots_limit": -1, "close_redundant_connections": False,
    "alert_mask": lt.alert.category_t.error_notification,
})
params = lt.add_torrent_params()
params.ti = lt.torrent_info(torrent)
params.save_path = save
params.url_seeds = [url]
handle = session.add_torrent(params)
for peer in peers:
    host, port = peer.rsplit(":", 1)
    handle.connect_peer((host, int(port)))
deadline = time.monotonic() + 1800
while not handle.status().is_seeding:
    if time.monotonic() > deadline:
        sys.exit("lt_webseed: no complete download within 30 minutes")
    time.sleep(0.1)
# Keep serving the others a little while, as an isofleet node hands over.
done = time.monotonic()
while time.monotonic() - done < 10 and any(not p.seed for p in handle.get_peer_info()):
    time.sleep(0.1)
