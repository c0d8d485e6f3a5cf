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
        .executable(name: "isofleet", targets: ["isofleet"]),
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

        // MARK: Domain and helpers
        .target(name: "ISOCatalog", swiftSettings: swiftSettings),
        .target(name: "Digest", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(name: "Fetch", dependencies: ["CCurl", "CFileIO", "Digest"], swiftSettings: swiftSettings),

        // MARK: Persistence
        .target(
            name: "ISOStore",
            dependencies: ["ISOCatalog", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),

        .target(name: "Swarm", dependencies: ["CTorrentShim"], swiftSettings: swiftSettings),

        // MARK: The node and its command line
        .target(
            name: "Node",
            dependencies: [
                "ISOCatalog", "ISOStore", "Digest", "Fetch", "Swarm", "CCurl", "CFileIO",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Web",
            dependencies: [
                "Node", "ISOStore", "ISOCatalog", "Fetch", "Digest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "isofleet",
            dependencies: [
                "ISOCatalog", "ISOStore", "Node", "Digest", "Fetch", "Swarm", "Web",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests, one target per source target, plus what they share
        .target(
            name: "TestSupport", path: "Tests/TestSupport",
            exclude: ["fault_server.py"],
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
            name: "NodeTests",
            dependencies: ["Node", "ISOStore", "ISOCatalog", "Digest", "Fetch", "Swarm", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebTests",
            // `isofleet` so the live tests (browser, SIGTERM, status) run the real binary.
            dependencies: [
                "Web", "Node", "ISOStore", "ISOCatalog", "Swarm", "TestSupport", "isofleet",
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
            name: "FetchTests", dependencies: ["Fetch", "Digest", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwarmTests",
            dependencies: ["Swarm", "Digest", "TestSupport"],
            swiftSettings: swiftSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
