import Foundation
import GenKit

/// A site written into a fresh temporary folder for one test, removed when released.
public final class TemporarySite {
    public let directory: String

    /// Writes `files` (path -> text) into a new folder.
    public init(_ files: [String: String] = [:]) throws {
        directory = NSTemporaryDirectory() + "gen-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    /// A copy of a fixture folder under Tests/Fixtures.
    public convenience init(fixture: String) throws {
        try self.init()
        try FileManager.default.removeItem(atPath: directory)
        try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: directory)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    public func write(_ path: String, _ text: String) throws {
        try write(path, bytes: Array(text.utf8))
    }

    public func write(_ path: String, bytes: [UInt8]) throws {
        let full = directory + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOfFile: directory + "/" + path, encoding: .utf8)
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + path)
    }

    /// Builds the site in memory.
    public func build(jobs: Int = 2, drafts: Bool = false, baseURL: String? = nil) -> BuildResult {
        SiteBuilder(options: BuildOptions(siteDirectory: directory, baseURL: baseURL, drafts: drafts, jobs: jobs)).build()
    }

    /// The rendered diagnostics of a build, one string per line as the terminal shows them.
    public func diagnosticLines(jobs: Int = 2) -> [String] {
        build(jobs: jobs).diagnostics.sorted.flatMap { $0.rendered.split(separator: "\n").map(String.init) }
    }
}

/// Paths into the repository, found from this file's place.
public enum Fixtures {
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ fixture: String) -> String {
        repositoryRoot + "/Tests/Fixtures/" + fixture
    }

    /// The shared folder (seeds and corpus are read from there, never copied in): `GEN_SHARED`
    /// if set, else ../shared beside the repository, else beside the checkout this one was cloned
    /// from when that is a local folder (`git clone . /tmp/fresh`).
    public static let shared: String = {
        if let path = ProcessInfo.processInfo.environment["GEN_SHARED"], !path.isEmpty { return path }
        let beside = repositoryRoot + "/../shared"
        if FileManager.default.fileExists(atPath: beside) { return beside }
        if let origin = localOrigin(), FileManager.default.fileExists(atPath: origin + "/../shared") {
            return origin + "/../shared"
        }
        return beside
    }()

    /// The `origin` remote of this checkout, when it is a folder on this machine.
    static func localOrigin() -> String? {
        guard let config = try? String(contentsOfFile: repositoryRoot + "/.git/config", encoding: .utf8) else { return nil }
        var inOrigin = false
        for line in config.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inOrigin = line == "[remote \"origin\"]"; continue }
            guard inOrigin, line.hasPrefix("url"), let equals = line.firstIndex(of: "=") else { continue }
            let url = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            return url.hasPrefix("/") ? url : nil
        }
        return nil
    }

    /// Every file below `folder`, relative paths in sorted order.
    public static func listFiles(_ folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files.append(path) }
        }
        return files.sorted()
    }
}
