// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "gen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gen", targets: ["gen"]),
        .library(name: "GenKit", targets: ["GenKit"]),
    ],
    dependencies: [
        // Exact versions: a build is the same on every machine, and an update is a decision.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        // gen serve's HTTP server, and the SwiftNIO and logging packages it is built on.
        // Without its default traits: its swift-configuration support is not used, and not built.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "CCmarkInterpose", linkerSettings: [.linkedLibrary("dl")]),
        // Byte helpers shared by every layer: HTML escaping, eight-byte scanning, content hashing.
        .target(name: "ByteText"),
        // gen's Mustache engine (see docs/templates.md for why not swift-mustache).
        .target(name: "Templates", dependencies: ["ByteText"]),
        .target(name: "Markdown", dependencies: ["CCmarkGFM", "CCmarkInterpose", "ByteText"]),
        .target(
            name: "GenKit",
            dependencies: [
                "ByteText",
                "Markdown",
                .product(name: "Yams", package: "Yams"),
                "Templates",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // The preview server: HTTP (Hummingbird on SwiftNIO), file watching, live reload (GenKit has
        // no network).
        .target(
            name: "GenServe",
            dependencies: [
                "GenKit",
                "ByteText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "GenCLI",
            dependencies: [
                "GenKit",
                "GenServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // mimalloc in place of glibc's malloc: a build allocates millions of small strings and
        // arrays on every core, and glibc's arenas cost a tenth of its time (docs/benchmarks.md).
        .executableTarget(
            name: "gen",
            dependencies: ["GenCLI"],
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // libFuzzer targets over the readers (`make fuzz`); without the fuzzer, a replayer.
        .executableTarget(name: "gen-fuzz", dependencies: ["GenKit"], path: "Sources/GenFuzz"),
        .target(name: "TestSupport", dependencies: ["GenKit"], path: "Tests/TestSupport"),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "ByteText"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates", "ByteText", "TestSupport"]),
        .testTarget(name: "GenKitTests", dependencies: ["GenKit", "ByteText", "TestSupport", "Templates", .product(name: "Yams", package: "Yams")]),
        // Depends on the executable so `swift test` builds the gen binary it runs.
        .testTarget(name: "EndToEndTests", dependencies: ["GenKit", "TestSupport", "gen"]),
    ]
)
