// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: explicit `public import`s, `any` for existentials,
/// and members visible only through modules a file imports itself.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Exactly `pkg-config --cflags libtorrent-rasterbar` on Debian bookworm (design §11).
/// `Tests/SwarmTests` checks that these still match what pkg-config prints.
let libtorrentDefines: [CXXSetting] = [
    "TORRENT_LINKING_SHARED", "BOOST_ASIO_ENABLE_CANCELIO", "BOOST_ASIO_NO_DEPRECATED",
    "TORRENT_USE_OPENSSL", "TORRENT_USE_LIBCRYPTO", "TORRENT_SSL_PEERS", "OPENSSL_NO_SSL2",
    "BOOST_ALL_NO_LIB",
].map { .define($0) }

let package = Package(
    name: "isofleet",
    products: [
        .executable(name: "isofleet", targets: ["isofleet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The web server; only the `FullFoundation` trait (no swift-configuration: our own
        // `Configuration` reads the file and environment).
        .package(
            url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1",
            traits: ["FullFoundation"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Header names (`HTTPField.Name`) for the web target; already a dependency of hummingbird.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Channel handlers of the web server (timeouts, connection caps, early answers); already
        // dependencies of hummingbird.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        // MARK: C boundary
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        /// Non-variadic wrappers over libcurl's setopt/getinfo (Swift cannot call C variadics).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        /// The Linux file call Swift's Glibc module hides (open with O_DIRECT).
        .target(name: "CFileIO"),
        /// libsmbclient: SMB2/SMB3 shares (libcurl's SMB is SMB1 only).
        .systemLibrary(
            name: "CSMBClient", path: "Sources/CSMBClient", pkgConfig: "smbclient",
            providers: [.apt(["libsmbclient-dev"])]),
        /// libnfs 4.0: NFSv3/v4 exports without a kernel mount.
        .systemLibrary(name: "CNFS", path: "Sources/CNFS", pkgConfig: "libnfs", providers: [.apt(["libnfs-dev"])]),

        .target(
            name: "CTorrentShim",
            path: "shim",
            sources: ["src"],
            publicHeadersPath: "include",
            cxxSettings: libtorrentDefines + [.unsafeFlags(["-fexceptions"])],
            linkerSettings: [
                .linkedLibrary("torrent-rasterbar"), .linkedLibrary("ssl"), .linkedLibrary("crypto"),
            ]
        ),

        // MARK: Vocabulary, domain and helpers (design §2; docs/architecture.md)
        /// Small types every target shares: the error shape, off-pool work, host:port, byte
        /// counts, the fleet snapshot. Imports nothing of the project.
        .target(name: "Common", swiftSettings: swiftSettings),
        /// The pure domain: identity, versions, selections, resolver, layout, manifest. No I/O.
        .target(name: "ISOCatalog", swiftSettings: swiftSettings),
        /// The JSON the API, the command line and fleet peers speak, one definition each.
        .target(name: "WireTypes", dependencies: ["ISOCatalog"], swiftSettings: swiftSettings),
        .target(name: "Digest", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        /// Transfers: libcurl (HTTP(S), S3 with SigV4), libsmbclient (SMB), libnfs (NFS), local
        /// shares; the project's one HTTP client and its remote stores.
        .target(
            name: "Fetch", dependencies: ["CCurl", "CFileIO", "CSMBClient", "CNFS", "Digest", "Common"],
            swiftSettings: swiftSettings),

        // MARK: Persistence
        .target(
            name: "ISOStore",
            dependencies: ["ISOCatalog", "Common", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),

        .target(name: "Swarm", dependencies: ["CTorrentShim", "Digest"], swiftSettings: swiftSettings),

        // MARK: The parts of the node
        /// The repository on disk: scan, import, place, the data directory's paths.
        .target(
            name: "Repository",
            dependencies: ["ISOCatalog", "ISOStore", "Digest", "Fetch", "Common"],
            swiftSettings: swiftSettings
        ),
        /// Discovery, membership, the AWS clients, what peers hold.
        .target(
            name: "Fleet",
            dependencies: [
                "Fetch", "WireTypes", "Common",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The `ImageAcquirer` seam, the swarm and HTTP acquirers, origin pieces, ingest.
        .target(
            name: "Acquisition",
            dependencies: [
                "ISOCatalog", "ISOStore", "Swarm", "Fetch", "Digest", "Repository", "Common",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The node, its front ends and its command line
        /// Update runs, manifest sync, seeding, drain, the daemon's assembly, the façade.
        .target(
            name: "Node",
            dependencies: [
                "ISOCatalog", "ISOStore", "Digest", "Fetch", "Swarm", "Repository", "Fleet", "Acquisition",
                "WireTypes", "Common",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        /// The page, the JSON API, manifest, torrent and file serving; calls only the node's façade.
        .target(
            name: "Web",
            dependencies: [
                "Node", "WireTypes", "ISOCatalog", "Common",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        /// Argument parsing and printing; everything else is the node's.
        .executableTarget(
            name: "isofleet",
            dependencies: [
                "Node", "WireTypes", "Web", "ISOCatalog", "Common",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests, one target per source target, plus what they share
        .target(
            name: "TestSupport", path: "Tests/TestSupport",
            exclude: ["fault_server.py", "page_driver.py"],
            swiftSettings: swiftSettings
        ),
        /// Fixtures of a data directory, a repository and an origin, shared by the node's test targets.
        .target(
            name: "NodeFixtures",
            dependencies: ["Node", "Repository", "ISOStore", "ISOCatalog", "Digest", "Fetch", "TestSupport"],
            path: "Tests/NodeFixtures",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ISOCatalogTests",
            dependencies: [
                "ISOCatalog",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WireTypesTests", dependencies: ["WireTypes", "ISOCatalog", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "DigestTests", dependencies: ["Digest", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ISOStoreTests",
            // `isofleet` so the concurrent-writer tests can run the real binary.
            dependencies: [
                "ISOStore", "ISOCatalog", "TestSupport", "isofleet",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RepositoryTests",
            // GRDB: to make the store refuse a write from another connection.
            dependencies: [
                "Repository", "ISOStore", "ISOCatalog", "Common", "NodeFixtures", "TestSupport", "Fetch", "Digest",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FleetTests",
            dependencies: [
                "Fleet", "Fetch", "Common", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AcquisitionTests",
            // `Node` for the update runner some tests drive the acquirers through.
            dependencies: [
                "Acquisition", "Node", "Repository", "ISOStore", "ISOCatalog", "Digest", "Fetch", "Swarm", "Common",
                "NodeFixtures", "TestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node", "Acquisition", "Repository", "Fleet", "ISOStore", "ISOCatalog", "Digest", "Fetch", "Swarm",
                "Common", "NodeFixtures", "TestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebTests",
            // `isofleet` so the live tests (browser, SIGTERM, status) run the real binary.
            dependencies: [
                "Web", "Node", "WireTypes", "Repository", "Acquisition", "ISOStore", "ISOCatalog", "Swarm", "Common",
                "NodeFixtures", "TestSupport", "isofleet",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "isofleetTests",
            // Depends on the executable so `swift build --build-tests` builds the binary the tests run.
            dependencies: ["isofleet", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FetchTests", dependencies: ["Fetch", "Digest", "Common", "TestSupport"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwarmTests",
            dependencies: ["Swarm", "Digest", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
