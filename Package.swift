// swift-tools-version: 6.1
import PackageDescription

/// Every target builds in Swift 6 language mode with strict concurrency; warnings are bugs.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The products most targets use, named once.
let httpClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")

let package = Package(
    name: "gcal-whatsapp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gcal-whatsapp", targets: ["gcal-whatsapp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "Fernet", dependencies: [crypto, .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: strict),
        .target(
            name: "ClientSupport",
            dependencies: [
                httpClient, logging, .product(name: "Metrics", package: "swift-metrics"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(name: "CalendarModel", swiftSettings: strict),
        .target(name: "CalDAV", dependencies: ["ClientSupport", "CalendarModel", httpClient], swiftSettings: strict),
        .target(name: "MetaCloud", dependencies: ["ClientSupport", httpClient, crypto, logging], swiftSettings: strict),
        .target(name: "OAuth", dependencies: ["ClientSupport", httpClient, crypto], swiftSettings: strict),
        .target(name: "MicrosoftGraph", dependencies: ["ClientSupport", "OAuth", httpClient, logging], swiftSettings: strict),
        .target(
            name: "GoogleCalendar",
            dependencies: [
                "ClientSupport", "OAuth", "CalendarModel", httpClient, crypto,
                .product(name: "_CryptoExtras", package: "swift-crypto"), logging,
            ],
            swiftSettings: strict
        ),
        .target(name: "Twilio", dependencies: ["ClientSupport", httpClient, crypto, logging], swiftSettings: strict),
        .target(name: "Calendly", dependencies: ["ClientSupport", httpClient, crypto, logging], swiftSettings: strict),
        .target(
            name: "Notifier",
            dependencies: [
                "OAuth", "MetaCloud",
                "Fernet", "ClientSupport", "CalendarModel", "CalDAV", "MicrosoftGraph",
                "GoogleCalendar",
                "Twilio",
                "Calendly",
                httpClient,
                serviceLifecycle,
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Configuration", package: "swift-configuration"),
                logging,
                .product(name: "Metrics", package: "swift-metrics"),
                crypto,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "WebApp",
            dependencies: [
                "OAuth", "MetaCloud", "ClientSupport",
                "Notifier", "Twilio", "GoogleCalendar", "CalendarModel", "Fernet", "Calendly",
                crypto,
                .product(name: "Mustache", package: "swift-mustache"),
                hummingbird,
                serviceLifecycle,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                logging,
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        // Several workers on one PostgreSQL database (DESIGN.md §27): the schema, the outbox's
        // claims, each calendar's one worker, and the doorbell across workers.
        .target(
            name: "PostgresStore",
            dependencies: [
                "Notifier", "CalendarModel", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), logging,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Composition",
            dependencies: [
                "OAuth", "MetaCloud",
                "ClientSupport", "Notifier", "WebApp", "GoogleCalendar", "MicrosoftGraph", "CalendarModel", "Twilio", "Calendly", "PostgresStore",
                httpClient,
                .product(name: "Metrics", package: "swift-metrics"),
                hummingbird,
                logging,
                .product(name: "Prometheus", package: "swift-prometheus"),
                serviceLifecycle,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Sandbox",
            dependencies: [
                "Composition", "Notifier", "WebApp", "Emulators", "Fernet", "CalDAV", "ClientSupport",
                hummingbird,
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                serviceLifecycle,
                logging,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Emulators",
            dependencies: [
                "MetaCloud", "ClientSupport", hummingbird, serviceLifecycle, httpClient, crypto,
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "gcal-whatsapp",
            dependencies: [
                "OAuth",
                "Composition", "Notifier", "GoogleCalendar", "CalendarModel", "Twilio", "WebApp", "Sandbox", "ClientSupport",
                httpClient,
                serviceLifecycle,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                logging,
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BenchmarkSupport",
            dependencies: ["Emulators", "Fernet", "TestSupport", httpClient],
            path: "Benchmarks/Support",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ReactionBenchmark",
            dependencies: ["BenchmarkSupport", "Composition", "Emulators", "Notifier", logging],
            path: "Benchmarks/Reaction",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "CalDAVBenchmark",
            dependencies: ["CalDAV", "CalendarModel", "ClientSupport", "Emulators", "Notifier", httpClient],
            path: "Benchmarks/CalDAV",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ServiceBenchmark",
            dependencies: ["BenchmarkSupport", "Emulators", "TestSupport", httpClient],
            path: "Benchmarks/Service",
            swiftSettings: strict
        ),
        .target(
            name: "FuzzTargets",
            dependencies: ["Calendly", "Fernet", "Notifier", "Twilio"],
            path: "Fuzz/Targets",
            swiftSettings: strict
        ),
        .target(name: "FuzzDriver", path: "Fuzz/Driver"),
        .executableTarget(
            name: "Fuzz",
            dependencies: ["FuzzDriver", "FuzzTargets"],
            path: "Fuzz/Main",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ReliabilitySuite",
            dependencies: ["BenchmarkSupport", "ClientSupport", "Composition", "Emulators", "Notifier", "TestSupport", httpClient, logging],
            path: "Benchmarks/Reliability",
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "Fernet", "ClientSupport",
                hummingbird,
                serviceLifecycle,
                httpClient,
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], swiftSettings: strict),
        .testTarget(name: "FernetTests", dependencies: ["Fernet", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "NotifierTests",
            dependencies: [
                "ClientSupport", "Composition", "PostgresStore",
                "Notifier", "GoogleCalendar", "CalendarModel", "Fernet", "Emulators", "TestSupport", "Twilio", "WebApp", "Calendly", "OAuth",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                serviceLifecycle,
                .product(name: "Prometheus", package: "swift-prometheus"),
                httpClient,
                logging,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "Notifier", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // The SQLite schema, read to check that PostgreSQL's has the same tables and columns.
                .product(name: "GRDB", package: "GRDB.swift"),
                logging,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TwilioTests",
            dependencies: [
                "ClientSupport",
                "Twilio", "Emulators", "TestSupport",
                httpClient,
                // A webhook receiver on loopback, to check the emulator's callbacks end to end.
                hummingbird,
                logging,
                // Signatures computed the way Twilio's documentation spells them, to check ours.
                crypto,
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CalendlyTests",
            dependencies: ["ClientSupport", "Calendly", "Emulators", "GoogleCalendar", "TestSupport", httpClient, hummingbird, logging],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GoogleCalendarTests",
            dependencies: ["ClientSupport", "GoogleCalendar", "CalendarModel", "Emulators", "TestSupport", httpClient, logging],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CalDAVTests",
            dependencies: [
                "CalDAV", "CalendarModel", "ClientSupport", "Notifier", "Emulators", "TestSupport", httpClient,
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "gcal-whatsapp", "Notifier", "Fernet", "Emulators", "TestSupport", "CalDAV",
                httpClient,
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
    ]
)
