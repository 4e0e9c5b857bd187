import Foundation

/// Writes a built site so that nothing is ever half-written: every file goes into a new
/// folder beside the output, which is swapped in only once it is complete.
public struct OutputWriter: Sendable {
    /// The file that marks a folder as gen's output; gen replaces no other non-empty folder.
    public static let markerName = ".gen-output"
    static let markerText = "This folder is written by gen and replaced on every build. Do not edit it.\n"

    public var outputDirectory: String
    public var jobs: Int

    public init(outputDirectory: String, jobs: Int) {
        self.outputDirectory = outputDirectory
        self.jobs = jobs
    }

    /// Problems that forbid writing to the output folder at all.
    public static func check(output: String, site: String, displayOutput: String) -> [Diagnostic] {
        let out = canonical(output), root = canonical(site)
        let here = SourceLocation(displayOutput)
        func inside(_ child: String, _ parent: String) -> Bool { child == parent || child.hasPrefix(parent + "/") }
        if inside(root, out) {
            return [.error("the output folder '\(displayOutput)' holds the site itself", at: here,
                           notes: [.init("choose an output folder inside the site, such as public/")])]
        }
        for protected in ["content", "templates"] where inside(out, root + "/" + protected) {
            return [.error("the output folder '\(displayOutput)' is inside \(protected)/", at: here,
                           notes: [.init("gen replaces its output on every build; choose a folder outside \(protected)/, such as public/")])]
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else {
            return [.error("the output '\(displayOutput)' is a file, not a folder", at: here)]
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        if !entries.isEmpty && !entries.contains(markerName) {
            return [.error("refusing to replace '\(displayOutput)': it is not empty and was not made by gen", at: here,
                           notes: [.init("move its files away, or build into another folder with --output")])]
        }
        return []
    }

    /// Writes `files` into a new folder and swaps it in place of the output folder.
    public func write(_ files: [OutputFile]) throws {
        let output = Self.canonical(outputDirectory)
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let staging = parent + "/.\(name).gen-new-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try writeTree(files, into: staging)
            try swapIn(staging, replacing: output)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    private func writeTree(_ files: [OutputFile], into root: String) throws {
        var folders = Set<String>()
        for file in files {
            var path = file.path
            while let slash = path.lastIndex(of: "/") {
                path = String(path[..<slash])
                if !folders.insert(path).inserted { break }
            }
        }
        try Self.makeFolder(root)
        for folder in folders.sorted() { try Self.makeFolder(root + "/" + folder) }
        let failures = parallelMap(files.count, jobs: jobs) { i -> String? in
            do { try Self.writeFile(root + "/" + files[i].path, files[i].bytes); return nil } catch {
                return "\(error)"
            }
        }
        if let failure = failures.compactMap({ $0 }).first {
            throw OutputError(message: failure)
        }
        try Self.writeFile(root + "/" + Self.markerName, Array(Self.markerText.utf8))
    }

    private func swapIn(_ staging: String, replacing output: String) throws {
        guard FileManager.default.fileExists(atPath: output) else {
            guard rename(staging, output) == 0 else { throw OutputError.system("cannot move the new output into place", output) }
            return
        }
        // Linux: one atomic exchange, so the output is never missing, even for an instant.
        if let exchange = Self.renameExchange, exchange(AT_FDCWD, staging, AT_FDCWD, output, 2) == 0 {
            try FileManager.default.removeItem(atPath: staging)
            return
        }
        let old = staging + "-old"
        guard rename(output, old) == 0 else { throw OutputError.system("cannot move the old output aside", output) }
        guard rename(staging, output) == 0 else {
            _ = rename(old, output)
            throw OutputError.system("cannot move the new output into place", output)
        }
        try FileManager.default.removeItem(atPath: old)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's renameat2, looked up at run time: Swift's Glibc module does not declare it.
    private static let renameExchange: RenameAt2? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()

    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw OutputError.system("cannot create folder", path) }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputError.system("cannot create file", path) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            guard n > 0 else { throw OutputError.system("cannot write file", path) }
            written += n
        }
    }

    /// An absolute path with `.`, `..` and symbolic links resolved.
    public static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// Writing the output failed (disk full, permissions); the old output is left as it was.
public struct OutputError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    static func system(_ what: String, _ path: String) -> OutputError {
        OutputError(message: "\(what) '\(path)': \(String(cString: strerror(errno)))")
    }
}
