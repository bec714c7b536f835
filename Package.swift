// swift-tools-version:6.0
// saaslab: the SaaS Factory bootcamp labs, run and graded against an embedded SaaS backend.
// No package dependencies: only what the Swift toolchain ships.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "SaaSLab",
    products: [
        .executable(name: "saaslab", targets: ["saaslab"]),
    ],
    targets: [
        // Foundation layer: values, crypto, encodings, randomness, time. Depends on nothing but
        // the SHA-instruction shim below.
        // Optimised in debug builds too: unoptimised, RSA is about a hundred times slower (a
        // user pool's key took 12 s to make, a token 0.2 s to sign), which would make every
        // test and `.ci/run`'s debug `serve` crawl. Its tests still import it @testable.
        .target(name: "Core", dependencies: ["CSHAExtensions"], swiftSettings: strict + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // The x86-64 SHA instructions (cpuid.h, immintrin.h), which Swift cannot emit: Core's
        // SHA-256 compresses with them when the CPU has them.
        .systemLibrary(name: "CSHAExtensions", path: "Sources/CSHAExtensions"),
        // glibc's malloc.h (mallopt), which the Glibc module leaves out; the server tunes it.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // prlimit and RLIMIT_NPROC, which the Glibc module leaves out: limits on a participant's service.
        .systemLibrary(name: "CProcessLimits", path: "Sources/CProcessLimits"),
        // HTTP values, router, middleware, in-process and network clients, socket server.
        .target(name: "HTTP", dependencies: ["Core", "CMalloc"], swiftSettings: strict),
        // AWS Signature Version 4: signing (clients, lab runner) and verification (platform).
        .target(name: "SigV4", dependencies: ["Core", "HTTP"], swiftSettings: strict),
        // IAM policy language: parsing, evaluation with AWS's semantics, explanations. No HTTP.
        .target(name: "IAM", dependencies: ["Core"], swiftSettings: strict),
        // DynamoDB's table engine: values, expressions, tables, indexes, operations. No HTTP.
        .target(name: "DynamoDB", dependencies: ["Core"], swiftSettings: strict),
        // Cognito's engines: user pools and JWTs, identity pools and role mapping. No HTTP.
        .target(name: "Cognito", dependencies: ["Core", "IAM"], swiftSettings: strict),
        // The AWS-compatible front door: JSON 1.0/1.1 and Query protocols, SigV4, AWS errors.
        .target(name: "Cloud", dependencies: ["Core", "HTTP", "SigV4", "IAM", "Cognito", "DynamoDB"], swiftSettings: strict),
        // Lab files, the runner (HTTP only) and grading. Foundation only: never the backend.
        .target(name: "Labs", dependencies: ["Core", "HTTP", "SigV4"], swiftSettings: strict),
        // The bootcamp's SaaS application. It reaches the platform only through the AWS API.
        .target(name: "SaaSApp", dependencies: ["Core", "HTTP", "SigV4"], swiftSettings: strict),
        // The SaaS app's web client (web/, built in): plain HTML, CSS and JavaScript for a browser.
        .target(name: "WebClient", dependencies: ["HTTP"], swiftSettings: strict),
        // Assembles the platform, the SaaS app and its web client into one router.
        .target(name: "Backend", dependencies: ["Core", "HTTP", "SigV4", "IAM", "Cognito", "DynamoDB", "Cloud", "SaaSApp", "WebClient"], swiftSettings: strict),
        // The command line: one small type per command.
        .target(name: "SaaSLabCLI", dependencies: ["Core", "HTTP", "SigV4", "Labs", "IAM", "Cognito", "DynamoDB", "SaaSApp", "Backend", "CProcessLimits"], swiftSettings: strict),
        .executableTarget(name: "saaslab", dependencies: ["SaaSLabCLI"], swiftSettings: strict),

        .testTarget(name: "CoreTests", dependencies: ["Core"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Core"], swiftSettings: strict),
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4", "HTTP", "Core"], swiftSettings: strict),
        .testTarget(name: "IAMTests", dependencies: ["IAM", "Core"], swiftSettings: strict),
        .testTarget(name: "DynamoDBTests", dependencies: ["DynamoDB", "Core"], swiftSettings: strict),
        .testTarget(name: "CognitoTests", dependencies: ["Cognito", "IAM", "Core"], swiftSettings: strict),
        .testTarget(name: "CloudTests", dependencies: ["Cloud", "IAM", "SigV4", "HTTP", "Core"], swiftSettings: strict),
        .testTarget(name: "LabsTests", dependencies: ["Labs", "HTTP", "SigV4", "Core"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "SaaSAppTests", dependencies: ["SaaSApp", "Backend", "SigV4", "HTTP", "Core"], swiftSettings: strict),
        .testTarget(name: "BackendTests", dependencies: ["Backend", "Cognito", "SigV4", "HTTP", "Core"], swiftSettings: strict),
        .testTarget(name: "WebClientTests", dependencies: ["WebClient", "Backend", "HTTP", "Core"], swiftSettings: strict),
        .testTarget(name: "SaaSLabCLITests", dependencies: ["SaaSLabCLI", "Backend", "Cognito", "HTTP", "Core"], swiftSettings: strict),
    ]
)
