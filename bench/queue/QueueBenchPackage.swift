// swift-tools-version:6.1
// The package bench/queue_bench.sh builds in bench/out/queue-bench: Spool's queue driver sources
// (symlinked) and a small executable that calls RedisQueueBenchmark.run.
import PackageDescription

let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "QueueBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "RESP", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: settings),
        .target(name: "SpoolCore", swiftSettings: settings),
        .target(name: "SpoolQueue", dependencies: [
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: settings),
        .target(name: "SpoolRedis", dependencies: [
            "SpoolCore", "SpoolQueue", "RESP",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: settings),
        .executableTarget(name: "QueueBench", dependencies: ["SpoolRedis"], swiftSettings: settings),
    ]
)
