// swift-tools-version:6.1
import PackageDescription

// Layers, each importing only the ones above it:
//   NQ57Core      pure Swift: domain model, derived states, store protocols, dashboard state and update
//   NQ57Store     SQLite through GRDB: schema, maintained counts, reference and demo data, import
//   NQ57Render    cells, text, themes, panes and layouts (no terminal)
//   NQ57App       the dashboard runtime: one loop of messages over a swappable terminal backend
//   NQ57Terminal  the only target that imports ncurses
//   nq57          the command line
let package = Package(
    name: "nq57",
    products: [
        .executable(name: "nq57", targets: ["nq57"]),
        .executable(name: "nq57-bench", targets: ["nq57-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "NQ57Core"),
        .target(
            name: "NQ57Store",
            dependencies: [
                "NQ57Core",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Reference")]
        ),
        .target(name: "NQ57Render", dependencies: ["NQ57Core"]),
        .target(name: "NQ57App", dependencies: ["NQ57Core", "NQ57Render"]),
        // Theme files on disk and the shipped themes built in (ShippedThemes.swift, from themes/):
        // what Render resolves, read at the edge.
        .target(name: "NQ57Themes", dependencies: ["NQ57Render"]),
        // ncursesw (libncursesw5-dev; scripts/deps installs it) and the C shim around it. Linked by
        // name, not through pkg-config: its cflags are flags SwiftPM refuses with a warning.
        .target(name: "CNcursesw", linkerSettings: [.linkedLibrary("ncursesw")]),
        .target(name: "NQ57Terminal", dependencies: ["CNcursesw", "NQ57Core", "NQ57Render", "NQ57App"]),
        // libpq (libpq-dev; scripts/deps installs it), PostgreSQL's synchronous C client: a store as
        // synchronous as the SQLite one, built in seconds (README "Server deployment"). Loaded with
        // dlopen when a PostgreSQL store is first opened (shim.c), not linked: a dashboard on SQLite
        // never maps it and the libraries it pulls in.
        .target(name: "CLibpq", linkerSettings: [.linkedLibrary("dl")]),
        // The PostgreSQL store: the same meaning as NQ57Store's schema, and the copy between the two.
        .target(
            name: "NQ57Postgres",
            dependencies: ["CLibpq", "NQ57Core", "NQ57Store", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "nq57",
            dependencies: [
                "NQ57Core", "NQ57Store", "NQ57Render", "NQ57App", "NQ57Terminal", "NQ57Themes", "CNcursesw",
                "NQ57Postgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Starting a program with a clean signal state: for the bench and the tests, which run nq57.
        .target(name: "NQ57Spawn"),
        // The benchmark of BENCHMARKS.md, apart from the product binary, which it runs on a pseudo-terminal.
        .executableTarget(
            name: "nq57-bench",
            dependencies: [
                "NQ57Core", "NQ57Store", "NQ57Render", "NQ57App", "NQ57Spawn", "NQ57Postgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Another program's connection committing reports between refreshes (figure 1).
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "NQ57TestSupport",
            dependencies: ["NQ57Core", "NQ57Store", "NQ57Render", "NQ57Spawn"],
            path: "Tests/NQ57TestSupport"
        ),
        .testTarget(name: "NQ57CoreTests", dependencies: ["NQ57Core", "NQ57TestSupport"]),
        .testTarget(name: "NQ57StoreTests", dependencies: ["NQ57Store", "NQ57TestSupport"]),
        .testTarget(
            name: "NQ57RenderTests",
            dependencies: ["NQ57Render", "NQ57TestSupport"],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(name: "NQ57ThemesTests", dependencies: ["NQ57Themes", "NQ57Render"]),
        .testTarget(name: "NQ57AppTests", dependencies: ["NQ57App", "NQ57Themes", "NQ57TestSupport"]),
        .testTarget(name: "NQ57TerminalTests", dependencies: ["NQ57Terminal", "NQ57Render", "NQ57Core"]),
        .testTarget(name: "NQ57EndToEndTests", dependencies: ["NQ57TestSupport"]),
        .testTarget(name: "NQ57PostgresTests", dependencies: [
            "NQ57Postgres", "NQ57Store", "NQ57Render", "NQ57App", "NQ57TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ]
)
