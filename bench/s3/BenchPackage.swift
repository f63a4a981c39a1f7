// swift-tools-version:6.1
import PackageDescription

// The Swift side of bench/s3_upload.sh: Sources/SpoolS3 (symlinked by the script) and a driver.
let package = Package(
    name: "S3Bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "SpoolS3", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        .executableTarget(name: "S3Bench", dependencies: ["SpoolS3"]),
    ]
)
