import Foundation

/// Pagefind, the static search indexer: found, and run on a built site. It reads the HTML of a
/// folder (only pages marked `data-pagefind-body`) and writes the search bundle into its
/// `pagefind/` folder: the index in fragments a browser loads on demand, and the JavaScript
/// that reads them.
///
/// gen runs the binary of the Python package `pagefind_bin` (`pip install pagefind-bin==1.5.2`)
/// or any `pagefind` on PATH; `[search] pagefind = "PATH"` names one, and the environment
/// variable `GEN_PAGEFIND` (a path, or `off`) overrides where gen looks.
public struct Pagefind: Sendable {
    /// The version gen is tested with, which `make site` installs.
    public static let pinnedVersion = "1.5.2"
    /// The folder below the output that holds the search bundle.
    public static let folder = "pagefind"
    /// How to install it, for messages.
    public static let installHint = "install Pagefind with 'pip install pagefind-bin==\(pinnedVersion)', "
        + "or set '[search] pagefind = \"PATH\"' in gen.toml"

    /// The binary.
    public var executable: String

    /// What Pagefind leaves out of the text it indexes, besides the theme's `data-pagefind-ignore`:
    /// everything gen adds to a document's words (`data-gen-added`: sidenotes, which repeat the
    /// note list, note and citation references with their tooltips, heading links, the table of
    /// contents), so that every word of a page is indexed once; in the note list, each note's
    /// quote (the article's own words, indexed where they are) and its byline and back link;
    /// and the Sources list (the `source` filter names a page's sources). A smaller index, made
    /// faster (docs/benchmarks.md has the figures).
    public static let excluded = "[data-gen-added], .note-quote, .note-meta, .sources"

    public init(executable: String) {
        self.executable = executable
    }

    /// Where gen looks for Pagefind, in order.
    public enum Lookup: Sendable, Equatable {
        /// `GEN_PAGEFIND=off`: as if Pagefind were not wanted (no search, no warning).
        case off
        /// A binary named by `[search] pagefind` or `GEN_PAGEFIND`.
        case named(String)
        /// PATH, then the Python package.
        case installed
    }

    /// What `GEN_PAGEFIND` says, or `.installed` when it is not set.
    public static func environmentLookup(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Lookup {
        guard let value = environment["GEN_PAGEFIND"], !value.isEmpty else { return .installed }
        return value == "off" ? .off : .named(value)
    }

    /// The binary found by `lookup`, nil when there is none. A relative path in `configured`
    /// is relative to the site folder.
    public static func find(configured: String?, siteDirectory: String,
                            lookup: Lookup = environmentLookup()) -> Pagefind? {
        if let configured {
            let path = configuredPath(configured, siteDirectory: siteDirectory)
            return isProgram(path) ? Pagefind(executable: path) : nil
        }
        switch lookup {
        case .off: return nil
        case .named(let path): return isProgram(path) ? Pagefind(executable: path) : nil
        case .installed:
            if let found = onPath("pagefind") ?? onPath("pagefind_extended") { return Pagefind(executable: found) }
            return inPythonPackage().map(Pagefind.init(executable:))
        }
    }

    /// `[search] pagefind`'s path: relative to the site folder unless absolute.
    public static func configuredPath(_ configured: String, siteDirectory: String) -> String {
        configured.hasPrefix("/") ? configured : siteDirectory + "/" + configured
    }

    /// Whether `path` is a file that may be run (a folder's search permission is no such thing).
    public static func isProgram(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if isProgram(candidate) { return candidate }
        }
        return nil
    }

    /// The binary inside the Python package `pagefind_bin`, asked of `python3` on PATH (the
    /// package is found, not imported).
    static func inPythonPackage() -> String? {
        guard let python = onPath("python3") else { return nil }
        let script = "import importlib.util as u\ns = u.find_spec('pagefind_bin')\n"
            + "print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')"
        guard let (status, out, _) = try? run(python, ["-c", script]), status == 0 else { return nil }
        let folder = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !folder.isEmpty else { return nil }
        for name in ["pagefind", "pagefind_extended", "pagefind.exe"] where isProgram(folder + "/" + name) {
            return folder + "/" + name
        }
        return nil
    }

    /// Pagefind failed: its exit status and the end of what it printed.
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var output: [String]
        public var description: String { message }
    }

    /// What an index run reports.
    public struct Report: Sendable {
        /// Pages indexed, as Pagefind counts them.
        public var pages: Int?
        /// How long making and writing the pages' records took (part of the whole).
        public var records: Duration = .zero
    }

    /// How many parts the index of a site with `pages` pages to index is made in. Pagefind writes
    /// its index on one core; a large site's index is made in two parts, by two Pagefind runs
    /// side by side, which the search page merges (Pagefind's `mergeIndex`). Each part a query
    /// searches adds the index chunks it reads of that part, so two at most: the part count
    /// depends on the site alone, never on `--jobs` (the output is the same on any machine).
    public static func partCount(pages: Int) -> Int { pages > pagesInOnePart ? 2 : 1 }
    /// Up to this many pages, the index is one part (`partCount`).
    public static let pagesInOnePart = 2_000

    /// Where part `part` (0-based) of the index goes below `pagefind/`: the first is the bundle
    /// itself, the others folders in it (`part-2/`), which the search page names.
    public static func partFolder(_ part: Int) -> String { part == 0 ? "" : "part-\(part + 1)/" }

    /// Indexes the site in `folder` into `folder/pagefind/` (in `parts` parts, `partCount`), made
    /// anew: the bundle is written as new files, never through a file another folder shares (the
    /// output's spare holds hard links to the live output). Pagefind reads each page's record
    /// (`SearchRecord`), written for the run into memory (`memoryFolder`), or, without room
    /// there, kept in `records` (beside the output, `.public.gen-search`, and
    /// `.public.gen-search-2` for a second part) from one build to the next: most are rewritten in
    /// place, those of pages gone are removed. A page's record is taken from `made` (the records
    /// the build made as it wrote its pages, `SearchRecordTap`), or made from the page in `folder`.
    /// The pages are dealt to the parts in turn, in the order of their paths, so that each part
    /// holds a like share of every kind of page (and the parts' scores, which Pagefind computes per
    /// part, compare).
    /// `yielding`: at the lowest priority (`nice`), so that whatever else runs comes first (gen
    /// serve's rebuilds while its index is made in the background).
    ///
    /// Every part's records are written first, on all cores; then the parts' Pagefind runs start
    /// together, side by side (one after the other with one job), so that they end together too.
    /// Each writes into a folder of this run's own beside the output, moved into `folder` once
    /// every part has finished: a build killed while Pagefind runs leaves Pagefind running, and
    /// what it goes on writing must never mix with the next build's index (the next build removes
    /// such folders when it can).
    @discardableResult
    public func index(_ folder: String, records: String, parts: Int = 1, made: [String: [UInt8]?] = [:],
                      yielding: Bool = false, jobs: Int = 2) throws -> Report {
        let parts = Self.clamped(parts)
        let target = folder + "/" + Self.folder
        if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
        let kept = (0..<parts).map { Self.partRecords(records, part: $0) }
        for part in 0..<Self.maximumParts { OutputWriter.removeLeftovers(of: Self.partRecords(records, part: part), marker: Self.scratchMarker) }
        let runID = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let pages = OutputWriter.walkAll(folder, jobs: jobs).files.filter(SearchRecordTap.isPage).sorted()
        // The records of a part this build does not make (the site has fewer pages than before).
        for part in parts..<Self.maximumParts { try? FileManager.default.removeItem(atPath: Self.partRecords(records, part: part)) }
        let scratches = kept.map { $0 + Self.scratchMarker + runID }
        defer { for path in scratches { try? FileManager.default.removeItem(atPath: path) } }
        let start = ContinuousClock.now
        // Each part's records, in memory when there is room (`memoryFolder`), else kept beside the
        // output: those of pages gone since the last build removed.
        func write(into folders: [String]) throws -> [Bool] {
            try (0..<parts).map { part in
                let old = FileManager.default.fileExists(atPath: folders[part]) ? OutputWriter.walkAll(folders[part], jobs: jobs).files : []
                let written = try Self.writeRecords(of: Self.dealt(pages, parts: parts, part: part), into: folders[part], jobs: jobs) { path in
                    if let record = made[path] { return record }
                    return SearchRecord.make(try LocalFileSystem().read(folder + "/" + path))
                }
                for gone in old.subtracting(written) where unlink(folders[part] + "/" + gone) != 0 && errno != ENOENT {
                    throw OutputError.system("cannot remove stale file", folders[part] + "/" + gone)
                }
                return Self.isIndexed(written, parts: parts)
            }
        }
        let memory = Self.memoryFolder(pages: pages.count)
        defer { if let memory { try? FileManager.default.removeItem(atPath: memory) } }
        var folders = kept, indexed: [Bool]
        if let memory {
            folders = (0..<parts).map { memory + "/part-\($0 + 1)" }
            do {
                indexed = try write(into: folders)
                // Those kept by earlier builds would be stale by the next that keeps them.
                for path in kept { try? FileManager.default.removeItem(atPath: path) }
            } catch {
                // Memory ran short after all: beside the output, as without it.
                try? FileManager.default.removeItem(atPath: memory)
                folders = kept
                indexed = try write(into: folders)
            }
        } else {
            indexed = try write(into: folders)
        }
        let recordsTime = ContinuousClock.now - start
        var runs: [BackgroundTask<Result<Report?, Error>>] = []
        // A failure leaves no Pagefind run behind, writing into a folder about to be removed.
        defer { for task in runs { _ = task.wait() } }
        for part in 0..<parts {
            let (site, output, indexed) = (folders[part], scratches[part], indexed[part])
            runs.append(BackgroundTask { [self] in Result { indexed ? try run(site: site, output: output, yielding: yielding) : nil } })
            if jobs < 2 { _ = runs.last!.wait() }
        }
        var report = try Self.sum(runs.map { try $0.wait().get() })
        for part in 0..<parts {
            let place = part == 0 ? target : target + "/" + Self.partFolder(part).dropLast()
            guard rename(scratches[part], place) == 0 || errno == ENOENT else {
                throw OutputError.system("cannot move the search index into place", target)
            }
        }
        report.records = recordsTime
        return report
    }

    /// A new folder for one index run's records in memory, nil when there is none with room: the
    /// records are Pagefind's input only, made anew by every build, and a folder in memory spares
    /// the disk tens of thousands of files and folders made for one run (docs/benchmarks.md).
    /// That is `/dev/shm`, where it is a memory file system (Linux's `tmpfs`) with four times the
    /// room the records may take (16 KB a page; 4.6 KB on average on the bench site, 31 KB at most); not with
    /// `GEN_SEARCH_MEMORY=off`. Folders of runs whose gen is gone (a build killed meanwhile) are
    /// removed first: memory is not freed by a restart of gen, only of the machine.
    static func memoryFolder(pages: Int, base: String = "/dev/shm",
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        #if os(Linux)
        guard environment["GEN_SEARCH_MEMORY"] != "off" else { return nil }
        var info = statvfs()
        guard isMemoryFileSystem(base), statvfs(base, &info) == 0 else { return nil }
        let room = Int(info.f_bavail) * Int(info.f_frsize)
        guard room / 4 >= pages * 16_384 else { return nil }
        removeAbandoned(in: base)
        let path = base + "/" + memoryPrefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return mkdir(path, 0o700) == 0 ? path : nil
        #else
        return nil
        #endif
    }

    /// Whether `path` is where a memory file system is mounted (`/proc/mounts`).
    public static func isMemoryFileSystem(_ path: String) -> Bool {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return false }
        return mounts.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 2 && fields[1] == path && fields[2] == "tmpfs"
        }
    }

    /// What names a run's folder of records in memory: `gen-search-PID-N`.
    static let memoryPrefix = "gen-search-"

    /// Removes the records in `base` of runs whose process is gone.
    static func removeAbandoned(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix(memoryPrefix) {
            guard let pid = name.dropFirst(memoryPrefix.count).split(separator: "-").first.flatMap({ pid_t($0) }),
                  kill(pid, 0) != 0 && errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: base + "/" + name)
        }
    }

    /// The most parts `partCount` gives.
    static let maximumParts = 2

    /// `parts` as `index` makes them: one or two.
    static func clamped(_ parts: Int) -> Int { min(max(parts, 1), maximumParts) }

    /// Whether Pagefind runs on a part whose records are `written`: a part without a record (a
    /// site of pages Pagefind leaves out) is left out, but for an index in one part, where
    /// Pagefind says what is wrong.
    static func isIndexed(_ written: Set<String>, parts: Int) -> Bool { parts == 1 || !written.isEmpty }

    /// The records of part `part` (0-based) beside the output: `records`, then `records-2`.
    static func partRecords(_ records: String, part: Int) -> String { part == 0 ? records : records + "-\(part + 1)" }

    /// The pages of `paths` (sorted) that part `part` of `parts` indexes: every `parts`-th.
    static func dealt(_ paths: [String], parts: Int, part: Int) -> [String] {
        stride(from: part, to: paths.count, by: parts).map { paths[$0] }
    }

    /// The parts' reports as one: the pages indexed summed. A part without a record (a site of
    /// pages Pagefind leaves out) is not indexed and has no report, nor a bundle.
    static func sum(_ reports: [Report?]) -> Report {
        var total = Report()
        for case let report? in reports {
            if let pages = report.pages { total.pages = (total.pages ?? 0) + pages }
        }
        return total
    }

    /// What names a run's bundle folder beside the output: `.public.gen-search.index-PID-N` (and
    /// `.public.gen-search-2.index-PID-N` for a second part).
    static let scratchMarker = ".index-"

    /// Indexes `files` (a built site in memory: only its HTML is read) in `parts` parts, and
    /// returns the search bundle as files below `pagefind/` (`gen serve`).
    public func index(_ files: [OutputFile], parts: Int = 1, yielding: Bool = false) throws -> [OutputFile] {
        let parts = Self.clamped(parts)
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let pages = files.filter { SearchRecordTap.isPage($0.path) }
        let byPath = Dictionary(pages.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let paths = pages.map(\.path).sorted()
        let sites = (0..<parts).map { scratch + "/site-\($0 + 1)" }, roots = (0..<parts).map { scratch + "/bundle-\($0 + 1)" }
        for part in 0..<parts {
            let written = try Self.writeRecords(of: Self.dealt(paths, parts: parts, part: part), into: sites[part], jobs: 1) {
                SearchRecord.make(byPath[$0]!)
            }
            if Self.isIndexed(written, parts: parts) { try run(site: sites[part], output: roots[part], yielding: yielding) }
        }
        var bundle: [OutputFile] = []
        for part in 0..<parts {
            var found = Set<String>(), folders = Set<String>()
            OutputWriter.walk(roots[part], prefix: "", files: &found, folders: &folders)
            for path in found.sorted() {
                let bytes = try LocalFileSystem().read(roots[part] + "/" + path)
                bundle.append(OutputFile(path: Self.folder + "/" + Self.partFolder(part) + path, bytes: bytes, source: nil))
            }
        }
        return bundle
    }

    /// The record Pagefind is given of `page` (`SearchRecord`), nil for a page it does not index.
    public static func record(of page: [UInt8]) -> [UInt8]? { SearchRecord.make(page) }

    /// The pages' records kept beside `output`, e.g. `/site/.public.gen-search`.
    public static func recordsPath(for output: String) -> String { OutputWriter.beside(output, suffix: ".gen-search") }

    /// A new, empty folder for one index run.
    static func scratchFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/gen-search-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes the record of each page of `paths` that has one (`record`) into `folder`, at the same
    /// path (replacing what is there): records made or taken, and written, on all cores, each
    /// record's folders made as it is written (`OutputWriter.withParents`, as pages are), so
    /// that a page without a record leaves no folder. Returns the paths written.
    static func writeRecords(of paths: [String], into folder: String, jobs: Int,
                             record: @Sendable (String) throws -> [UInt8]?) throws -> Set<String> {
        if mkdir(folder, 0o755) != 0 && errno != EEXIST { throw OutputError.system("cannot create folder", folder) }
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw OutputError.system("cannot open folder", folder) }
        defer { close(root) }
        let results = parallelMap(paths.count, jobs: jobs) { i -> Result<Bool, Error> in
            Result {
                guard let record = try record(paths[i]) else { return false }
                let path = folder + "/" + paths[i]
                let fd = OutputWriter.withParents(of: paths[i], in: root) {
                    openat(root, paths[i], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                }
                guard fd >= 0 else { throw OutputError.system("cannot create file", path) }
                try OutputWriter.writeAll(fd, record, path: path)
                return true
            }
        }
        var written = Set<String>()
        for (i, result) in results.enumerated() {
            do {
                if try result.get() { written.insert(paths[i]) }
            } catch {
                throw Failure(message: "cannot write the pages' records for the search index: \(error)", output: [])
            }
        }
        return written
    }

    /// Runs Pagefind on the records in `site`, writing the bundle to `output`.
    @discardableResult
    func run(site: String, output: String, yielding: Bool) throws -> Report {
        var command = executable
        var arguments = ["--site", site, "--output-path", output, "--exclude-selectors", Self.excluded]
        if yielding, let nice = Self.onPath("nice") {
            arguments = ["-n", "19", executable] + arguments
            command = nice
        }
        let (status, out, err) = try Self.run(command, arguments)
        let printed = String(decoding: out + err, as: UTF8.self)
        // A failure shows the last lines Pagefind printed.
        func failure(_ message: String) -> Failure {
            let lines = printed.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            return Failure(message: message, output: Array(lines.suffix(8)))
        }
        guard status == 0 else { throw failure("Pagefind failed (exit status \(status)) indexing the site for search") }
        // A program that ends well without writing an index (not Pagefind, or a broken one)
        // would leave the site with a search page and no index.
        guard FileManager.default.fileExists(atPath: output + "/pagefind.js") else {
            throw failure("Pagefind ended without writing an index (no pagefind.js): is '\(executable)' "
                          + "Pagefind \(Self.pinnedVersion)? (`pagefind --version`)")
        }
        // "Indexed 1234 pages"
        var pages: Int?
        for line in printed.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 3, words[0] == "Indexed", words[2].hasPrefix("page") { pages = Int(words[1]) }
        }
        return Report(pages: pages)
    }

    /// Runs `executable` with `arguments`, reading its output while it runs.
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, [UInt8], [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = BackgroundTask { err.fileHandleForReading.readDataToEndOfFile() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(output), Array(errors.wait()))
    }
}
