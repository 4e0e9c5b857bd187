import Foundation

/// Runs the built `gen` binary as a user would, capturing its output and exit status.
public struct GenProcess {
    public struct Outcome {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The gen binary that `swift build` / `swift test` made beside the test bundle.
    public static let binary: String = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("gen").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gen").path,
            Fixtures.repositoryRoot + "/.build/debug/gen",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// The environment gen runs in: this process's, with search off (`GEN_PAGEFIND=off`) so that
    /// what a test sees does not depend on whether Pagefind is installed; `changes` set or (nil)
    /// remove variables, e.g. `["GEN_PAGEFIND": nil]` to look for Pagefind as a user's gen does.
    public static func environment(_ changes: [String: String?] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GEN_PAGEFIND"] = "off"
        for (name, value) in changes { environment[name] = value }
        return environment
    }

    @discardableResult
    public static func run(_ arguments: [String], in directory: String? = nil, binary: String = binary,
                           environment: [String: String] = environment()) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so a full pipe cannot block it.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished || errData.isEmpty && reader.isExecuting { usleep(1000) }
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Every file below `folder` with its bytes, for byte-for-byte comparisons of output trees.
    public static func snapshot(_ folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for path in Fixtures.listFiles(folder) {
            result[path] = FileManager.default.contents(atPath: folder + "/" + path)
        }
        return result
    }
}
