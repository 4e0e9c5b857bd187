import ByteText
import Foundation
import Synchronization

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
        guard !displayOutput.isEmpty else {
            return [.error("the output folder is named by an empty path", at: nil, notes: [.init("name a folder, such as public/")])]
        }
        let out = canonical(output), root = canonical(site)
        let here = SourceLocation(displayOutput)
        func inside(_ child: String, _ parent: String) -> Bool { child == parent || child.hasPrefix(parent + "/") }
        if inside(root, out) {
            return [.error("the output folder '\(displayOutput)' holds the site itself", at: here,
                           notes: [.init("choose an output folder inside the site, such as public/")])]
        }
        for protected in ["content", "templates", "static"] where inside(out, root + "/" + protected) {
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

    /// Whether `folder` holds a build of gen's (its marker file).
    public static func holdsBuild(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/" + markerName)
    }

    /// The scratch folder beside the output: the previous build, kept so the next build can
    /// rewrite only the files that differ instead of creating every file anew.
    public static func sparePath(for output: String) -> String {
        beside(canonical(output), suffix: ".gen-spare")
    }

    /// gen's own file or folder beside the output folder `output` (a canonical path):
    /// `/site/public` gives `/site/.public` + `suffix`.
    static func beside(_ output: String, suffix: String) -> String {
        let parent = (output as NSString).deletingLastPathComponent
        return parent + "/." + (output as NSString).lastPathComponent + suffix
    }

    /// How a write went (for tests): how many files were placed each way (by `Placement`),
    /// and whether the spare's tree was taken from its manifest instead of being read.
    public struct Report: Equatable, Sendable {
        public var placements: [Int]
        public var treeFromManifest: Bool
    }

    /// Writes `files` into the spare folder and swaps it in place of the output folder.
    @discardableResult
    public func write(_ files: [OutputFile]) throws -> Report {
        let session = try begin(paths: files.map(\.path))
        let failures = parallelMap(files.count, jobs: jobs) { i -> String? in
            do { try session.write(files[i]); return nil } catch { return "\(error)" }
        }
        if let failure = failures.compactMap({ $0 }).first {
            session.discard()
            throw OutputError(message: failure)
        }
        try session.commit()
        return Report(placements: session.placements, treeFromManifest: session.treeFromManifest)
    }

    /// Readies the spare folder beside the output to receive exactly the files at `paths`:
    /// removes what the new build will not have and makes the folders it needs. The output
    /// folder itself is not touched until `OutputSession.commit()`.
    /// Starts reading the spare folder's tree on a thread of its own, so that `begin` finds it
    /// read: the build reads and renders meanwhile.
    public func scanSpare() -> SpareScan {
        SpareScan(output: Self.canonical(outputDirectory))
    }

    public func begin(paths: [String], scan: SpareScan? = nil) throws -> OutputSession {
        let output = Self.canonical(outputDirectory)
        let parent = (output as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let spare = Self.sparePath(for: output)
        let manager = FileManager.default
        // An empty folder is no one's work: the output folder made empty before the first build
        // (`mkdir public`) is the spare after it.
        if manager.fileExists(atPath: spare) && !manager.fileExists(atPath: spare + "/" + Self.markerName) && rmdir(spare) != 0 {
            throw OutputError(message: "'\(spare)' exists and was not made by gen; remove it and build again")
        }
        let all = paths + [Self.markerName]
        let scan = scan ?? SpareScan(output: output, background: false)
        let tree: PreparedTree
        do {
            tree = try prepareTree(all, in: spare, scan: scan)
        } catch {
            try? manager.removeItem(atPath: spare)
            throw error
        }
        let manifest = scan.manifest()
        let session = try OutputSession(spare: spare, output: output, manifest: manifest, treeFromManifest: tree == .recorded,
                                        newSpare: tree == .new)
        try session.write(OutputFile(path: Self.markerName, text: Self.markerText, source: nil))
        return session
    }

    /// What `prepareTree` found the spare to be.
    enum PreparedTree {
        /// The tree its manifest records, with exactly the build's paths (no folder read).
        case recorded
        /// Read, and made to hold no file outside the build's paths.
        case read
        /// Made now: empty.
        case new
    }

    /// Makes the spare hold no file outside `paths` and every folder they need (a new spare:
    /// only itself, `place` makes the rest). Files already there stay: `place` decides per file
    /// whether they can be kept.
    private func prepareTree(_ paths: [String], in spare: String, scan: SpareScan) throws -> PreparedTree {
        var existing = Set<String>()
        var existingFolders = Set<String>()
        let folders = Self.folders(of: paths)
        if let recorded = scan.recorded(),
           Self.holdsExactly(spare, paths: paths, folders: folders, as: recorded.tree, since: recorded.written, jobs: jobs) {
            // The spare is still the tree its manifest records, with exactly these paths.
            return .recorded
        }
        let fresh = !FileManager.default.fileExists(atPath: spare)
        if !fresh {
            (existing, existingFolders) = scan.wait() ?? Self.walkAll(spare, jobs: jobs)
        }
        // Remove what the new build does not have (deepest paths first), and files where a
        // folder must go.
        for path in existing.subtracting(paths).union(existing.intersection(folders)).sorted(by: >) {
            guard unlink(spare + "/" + path) == 0 else { throw OutputError.system("cannot remove stale file", spare + "/" + path) }
        }
        for folder in existingFolders.subtracting(folders).sorted(by: >) {
            try Self.removeTree(spare + "/" + folder)
        }
        try Self.makeFolder(spare)
        // A new spare's folders are made by `place` as the files that need them are written,
        // on the threads that render them: made here, before rendering, they would be one
        // thread's work while the other core waits (a fifth of a cold build of 10,000 articles).
        if fresh { return .new }
        for folder in folders.subtracting(existingFolders).sorted() { try Self.makeFolder(spare + "/" + folder) }
        return .read
    }

    /// Makes the folders above `path` in the open folder `folder` that are missing (another
    /// thread may be making the same ones). Whether they all exist now. The deepest first: its
    /// own parent is usually there already (most folders of a site hold one page), so most
    /// files need one `mkdirat`, not one per level.
    static func makeParents(of path: String, in folder: Int32) -> Bool {
        guard let slash = path.utf8.lastIndex(of: 0x2F) else { return true }
        let parent = String(path[..<slash])
        if mkdirat(folder, parent, 0o755) == 0 || errno == EEXIST { return true }
        guard errno == ENOENT else { return false }
        return makeParents(of: parent, in: folder) && (mkdirat(folder, parent, 0o755) == 0 || errno == EEXIST)
    }

    /// Makes the file at `path` in the open folder `folder` with `make` (an `openat` or a
    /// `linkat`: negative on failure), and makes it once more after `path`'s missing folders
    /// when it failed for want of them. Pages are written without readying their folders first.
    static func withParents(of path: String, in folder: Int32, _ make: () -> Int32) -> Int32 {
        let result = make()
        guard result < 0 && errno == ENOENT && makeParents(of: path, in: folder) else { return result }
        return make()
    }

    /// Every folder the files at `paths` need.
    static func folders(of paths: [String]) -> Set<String> {
        var folders = Set<String>()
        folders.reserveCapacity(paths.count)
        for file in paths {
            // Each parent folder, deepest first, found on bytes ('/' is never part of a character).
            var path = Substring(file)
            while let slash = path.utf8.lastIndex(of: 0x2F) {
                path = path[..<slash]
                if !folders.insert(String(path)).inserted { break }
            }
        }
        return folders
    }

    /// Whether the folder at `root` holds exactly the files at `paths` (in `folders`), as its
    /// manifest's `tree` says it did when the manifest was `written`: the same root folder, the
    /// same paths, the root's entries are the paths' first names, and no folder below it has
    /// changed since (making or removing an entry changes a folder's times; an edited file is
    /// `place`'s to find). One `fstatat` per folder instead of reading each.
    static func holdsExactly(_ root: String, paths: [String], folders: Set<String>, as tree: OutputManifest.Tree,
                             since written: timespec, jobs: Int) -> Bool {
        guard tree.count == paths.count, tree.digest == OutputManifest.digest(of: paths) else { return false }
        let fd = open(root, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, UInt64(info.st_dev) == tree.device, UInt64(info.st_ino) == tree.inode else { return false }
        var top = Set<String>(), topFolders = Set<String>()
        walkOne(root, prefix: "", files: &top, folders: &topFolders)
        let names = Set(paths.lazy.filter { !$0.utf8.contains(0x2F) })
        guard top == names, topFolders == Set(folders.lazy.filter { !$0.utf8.contains(0x2F) }) else { return false }
        let list = Array(folders)
        let chunks = max(1, min(jobs, list.count))
        let unchanged = parallelMap(chunks, jobs: jobs) { chunk -> Bool in
            var info = stat()
            var i = chunk
            while i < list.count {
                guard fstatat(fd, list[i], &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return false }
                let changed = info.changeTime
                // Strictly before: a change in the same clock tick as the manifest counts as a change.
                guard (changed.tv_sec, changed.tv_nsec) < (written.tv_sec, written.tv_nsec) else { return false }
                i += chunks
            }
            return true
        }
        return !unchanged.contains(false)
    }

    /// Puts `bytes` at `path` in the spare folder: a hard link to the live output's file when
    /// that holds the same bytes, otherwise a newly created file (never one written through).
    /// Paths are relative to the open spare and live folders (`liveFolder` -1: no output yet):
    /// the kernel walks three names instead of the whole absolute path, twice per page.
    /// `known` is the manifest's record of the path: when the spare's file is still exactly
    /// that file (`OutputManifest.Identity`) and its hash is the bytes', the file is kept without
    /// reading it. Returns the record of the file now at `path`.
    ///
    /// `newFolders`: the spare was made new by this build (`NewSpareFolders`), so it holds no
    /// file it did not write, and the folders it made are known: nothing is looked up first.
    static func place(_ bytes: [UInt8], at path: String, spareFolder: Int32, sparePath: String,
                      liveFolder: Int32, known: OutputManifest.Record? = nil,
                      newFolders: NewSpareFolders? = nil) throws -> (OutputManifest.Record, Placement) {
        var current = stat()
        newFolders?.ready(path, in: spareFolder)
        let exists = newFolders == nil ? fstatat(spareFolder, path, &current, AT_SYMLINK_NOFOLLOW) == 0 : false
        let hash = ContentHash.of(bytes)
        if exists, let known, known.identity.size == Int64(bytes.count), isKnown(current, as: known, hash: hash) {
            return (known, .known)
        }
        if liveFolder >= 0, let liveFile = sameContents(openat(liveFolder, path, O_RDONLY), bytes) {
            if let linked = try linkLive(path, hash: hash, live: liveFile, spare: exists ? current : nil,
                                         spareFolder: spareFolder, sparePath: sparePath, liveFolder: liveFolder) {
                return linked
            }
        } else if exists && unlinkat(spareFolder, path, 0) != 0 {
            throw OutputError.system("cannot replace file", sparePath + "/" + path)
        }
        // A file that must not exist yet (O_EXCL), so no other folder's file is ever changed.
        let create = { openat(spareFolder, path, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        var fd = withParents(of: path, in: spareFolder, create)
        // In a new spare, a path written a second time in one build is replaced.
        if fd < 0 && errno == EEXIST && newFolders != nil && unlinkat(spareFolder, path, 0) == 0 { fd = create() }
        guard fd >= 0 else { throw OutputError.system("cannot create file", sparePath + "/" + path) }
        var written = stat()
        try writeAll(fd, bytes, path: sparePath + "/" + path) { fd in _ = fstat(fd, &written) }
        return (OutputManifest.Record(identity: OutputManifest.Identity(written), hash: hash), .written)
    }

    /// Whether the spare's file (its status `current`) is still exactly the one `known` records,
    /// with the bytes hashed `hash`.
    static func isKnown(_ current: stat, as known: OutputManifest.Record, hash: UInt64) -> Bool {
        known.hash == hash && (current.st_mode & S_IFMT) == S_IFREG && known.identity == OutputManifest.Identity(current)
    }

    /// Puts the live output's file at `path` (status `live`, holding the bytes hashed `hash`)
    /// into the spare: nothing to do when the spare's file (status `current`, nil for none) is
    /// that very file, otherwise a hard link to it in place of whatever the spare has there.
    /// Nil when the link could not be made: the spare has no file at `path` then, and the
    /// caller writes one.
    static func linkLive(_ path: String, hash: UInt64, live: stat, spare current: stat?, spareFolder: Int32, sparePath: String,
                         liveFolder: Int32) throws -> (OutputManifest.Record, Placement)? {
        if let current, current.st_ino == live.st_ino && current.st_dev == live.st_dev {
            return (OutputManifest.Record(identity: OutputManifest.Identity(current), hash: hash), .compared)
        }
        if current != nil && unlinkat(spareFolder, path, 0) != 0 { throw OutputError.system("cannot replace file", sparePath + "/" + path) }
        guard withParents(of: path, in: spareFolder, { linkat(liveFolder, path, spareFolder, path, 0) }) == 0 else { return nil }
        // A new link changes the file's change time: its identity is read again.
        var linked = stat()
        let identity = fstatat(spareFolder, path, &linked, AT_SYMLINK_NOFOLLOW) == 0
            ? OutputManifest.Identity(linked) : OutputManifest.Identity(live)
        return (OutputManifest.Record(identity: identity, hash: hash), .linked)
    }

    /// How `place` put a file into the spare.
    enum Placement: Int, Sendable {
        /// Kept: the manifest knew the file and its bytes.
        case known
        /// Kept after reading the live copy back and comparing.
        case compared
        /// Linked to the live copy, found equal.
        case linked
        /// Written anew.
        case written
    }

    /// The status of the open file `fd` (closed here) if it holds exactly `bytes`.
    static func sameContents(_ fd: Int32, _ bytes: [UInt8]) -> stat? {
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return nil }
        // Compared a chunk at a time through one unzeroed buffer: most files are unchanged,
        // and a fresh zeroed array per file cost more than the reading.
        let chunk = 65_536
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        return bytes.withUnsafeBytes { expected -> stat? in
            // As many bytes as the status says, no read for the end of the file: a file that
            // grows meanwhile is not gen's to keep anyway (the next build compares again).
            var compared = 0
            while compared < expected.count {
                let n = Foundation.read(fd, buffer, min(chunk, expected.count - compared))
                guard n > 0, memcmp(buffer, expected.baseAddress! + compared, n) == 0 else { return nil }
                compared += n
            }
            return info
        }
    }

    /// Removes what builds killed before they finished left beside the output whose names
    /// start with `path` and then `marker` (e.g. `/site/.public.gen-cache` and `.tmp-`): half-
    /// written files and folders of processes gone. Called under the output's lock, so no
    /// living build of it owns one; what cannot be removed (a folder a killed build's Pagefind
    /// still writes into) is left for the next build.
    static func removeLeftovers(of path: String, marker: String) {
        let parent = (path as NSString).deletingLastPathComponent
        let start = (path as NSString).lastPathComponent + marker
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(start) { try? FileManager.default.removeItem(atPath: parent + "/" + name) }
    }

    static func removeTree(_ path: String) throws {
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw OutputError(message: "cannot remove stale folder '\(path)': \(error)")
        }
    }

    /// Every file and folder below `folder`, read with readdir's entry types (no stat per entry).
    static func walk(_ folder: String, prefix: String, files: inout Set<String>, folders: inout Set<String>) {
        var here = Set<String>()
        walkOne(folder, prefix: prefix, files: &files, folders: &here)
        folders.formUnion(here)
        for path in here {
            walk(folder + "/" + path.dropFirst(prefix.count), prefix: path + "/", files: &files, folders: &folders)
        }
    }

    /// `walk` over the whole tree, its folders two levels down shared among `jobs` threads
    /// (a site has thousands of page folders, each read with its own system calls).
    static func walkAll(_ root: String, jobs: Int) -> (files: Set<String>, folders: Set<String>) {
        var files = Set<String>(), folders = Set<String>()
        var top = Set<String>(), topFolders = Set<String>()
        walkOne(root, prefix: "", files: &top, folders: &topFolders)
        files.formUnion(top)
        folders.formUnion(topFolders)
        var deeper: [String] = []
        for folder in topFolders.sorted() {
            var inner = Set<String>(), innerFolders = Set<String>()
            walkOne(root + "/" + folder, prefix: folder + "/", files: &inner, folders: &innerFolders)
            files.formUnion(inner)
            folders.formUnion(innerFolders)
            deeper += innerFolders.sorted()
        }
        let work = deeper
        let found = parallelMap(work.count, jobs: jobs) { i -> (Set<String>, Set<String>) in
            var inner = Set<String>(), innerFolders = Set<String>()
            walk(root + "/" + work[i], prefix: work[i] + "/", files: &inner, folders: &innerFolders)
            return (inner, innerFolders)
        }
        for (inner, innerFolders) in found {
            files.formUnion(inner)
            folders.formUnion(innerFolders)
        }
        return (files, folders)
    }

    /// One folder's entries, not recursing; a symbolic link counts as a file (it is removed,
    /// never followed).
    static func walkOne(_ folder: String, prefix: String, files: inout Set<String>, folders: inout Set<String>) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var info = stat()
                isFolder = stat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            if isFolder { folders.insert(prefix + name) } else { files.insert(prefix + name) }
        }
    }

    static func swapIn(_ spare: String, replacing output: String) throws {
        guard FileManager.default.fileExists(atPath: output) else {
            guard rename(spare, output) == 0 else { throw OutputError.system("cannot move the new output into place", output) }
            return
        }
        // Linux: one atomic exchange, so the output is never missing, even for an instant;
        // the old output becomes the spare for the next build.
        if let exchange = Self.renameExchange, exchange(AT_FDCWD, spare, AT_FDCWD, output, 2) == 0 {
            return
        }
        let old = spare + "-old"
        guard rename(output, old) == 0 else { throw OutputError.system("cannot move the old output aside", output) }
        guard rename(spare, output) == 0 else {
            _ = rename(old, output)
            throw OutputError.system("cannot move the new output into place", output)
        }
        guard rename(old, spare) == 0 else { throw OutputError.system("cannot keep the old output as spare", old) }
    }

    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's renameat2, looked up at run time: Swift's Glibc module does not declare it.
    static let renameExchange: RenameAt2? = {
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

    /// Writes `bytes` to `fd`, calls `beforeClosing` with it, and closes it.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String, beforeClosing: (Int32) -> Void = { _ in }) throws {
        defer { close(fd) }
        guard bytes.withUnsafeBytes({ writeFully(fd, $0) }) else { throw OutputError.system("cannot write file", path) }
        beforeClosing(fd)
    }

    /// Writes all of `bytes` to the open file `fd`, in as many calls as it takes; false when
    /// one fails.
    static func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var written = 0
        while written < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + written, bytes.count - written)
            guard n > 0 else { return false }
            written += n
        }
        return true
    }

    /// An absolute path with `.`, `..` and symbolic links resolved.
    public static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// The folders made so far in a spare this build made new. Each page's folder is made before
/// its file (one `mkdirat`, or none when another page made it), instead of trying the file
/// first and making its folders when that fails: in a cold build, where every folder is new,
/// that failed attempt and the look for a file already there were two of a page's five
/// system calls.
final class NewSpareFolders: Sendable {
    private let made = Mutex<Set<String>>([])

    /// Makes the folders `path` needs in the open folder `folder`, if not made yet. A failure
    /// is left for the file's creation to report.
    func ready(_ path: String, in folder: Int32) {
        guard let slash = path.utf8.lastIndex(of: 0x2F) else { return }
        let parent = String(path[..<slash])
        if made.withLock({ $0.contains(parent) }) { return }
        if OutputWriter.makeParents(of: path, in: folder) { made.withLock { _ = $0.insert(parent) } }
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

/// The output's manifest and the spare folder's tree, read in the background (see
/// `scanSpare`): the tree as the spare's own manifest records it, when that manifest names this
/// very folder (`OutputWriter.holdsExactly` then checks that nothing changed since), otherwise by
/// reading every folder.
public final class SpareScan: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: (files: Set<String>, folders: Set<String>)?
    private var records = OutputManifest()
    private var spareRecord: (tree: OutputManifest.Tree, written: timespec)?
    private let spare: String

    init(output: String, background: Bool = true) {
        spare = OutputWriter.sparePath(for: output)
        let work: @Sendable () -> Void = { [self] in
            records = OutputManifest.read(OutputManifest.path(for: output))
            var info = stat()
            if stat(spare, &info) == 0 {
                if let recorded = OutputManifest.readTree(OutputManifest.sparePath(for: output)),
                   recorded.tree.device == UInt64(info.st_dev), recorded.tree.inode == UInt64(info.st_ino) {
                    spareRecord = recorded
                } else if background {
                    result = OutputWriter.walkAll(spare, jobs: 1)
                }
            }
            done.signal()
        }
        if background { DispatchQueue.global().async(execute: work) } else { work() }
    }

    /// Waits for the reading to end (and leaves it ended for the next caller).
    private func finished() {
        done.wait()
        done.signal()
    }

    /// The output's manifest as read.
    func manifest() -> OutputManifest {
        finished()
        return records
    }

    /// The spare's manifest's tree, when it names the spare folder.
    func recorded() -> (tree: OutputManifest.Tree, written: timespec)? {
        finished()
        return spareRecord
    }

    /// The tree as read (nil when there was no spare folder); a tree the scan left to its
    /// manifest (which did not hold) is read now.
    func wait() -> (files: Set<String>, folders: Set<String>)? {
        finished()
        if result == nil, spareRecord != nil, FileManager.default.fileExists(atPath: spare) {
            result = OutputWriter.walkAll(spare, jobs: 1)
        }
        return result
    }
}
