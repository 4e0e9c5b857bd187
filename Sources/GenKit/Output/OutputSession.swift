import Foundation

/// One build's writes into the spare folder beside the output. Pages are written as they are
/// rendered, from any thread; `commit()` swaps the spare in, and a build that failed simply
/// never commits, leaving the output as it was.
///
/// The doc comment of `OutputWriter` explains the spare; a write never opens an existing file,
/// so a half-written spare is harmless: the next build checks every file again.
public final class OutputSession: OutputSink, @unchecked Sendable {
    let spare: String
    let output: String
    private let lock = NSLock()
    private var finished = false

    /// The two folders, open, so that each write names its file relative to them.
    private let spareFolder: Int32
    private let liveFolder: Int32
    /// What earlier builds wrote (`OutputManifest`), and what this one places.
    private let known: OutputManifest
    private let placed = ManifestRecorder()

    /// Whether the spare's tree was known from its manifest (`OutputWriter.holdsExactly`).
    let treeFromManifest: Bool
    /// The folders made in a spare this build made new (nil for a spare that was there).
    private let newFolders: NewSpareFolders?

    /// `spare` must exist (`OutputWriter.begin` made it); `output` need not yet. `newSpare`: the
    /// spare was made empty for this build.
    init(spare: String, output: String, manifest: OutputManifest = OutputManifest(), treeFromManifest: Bool = false,
         newSpare: Bool = false) throws {
        self.treeFromManifest = treeFromManifest
        self.newFolders = newSpare ? NewSpareFolders() : nil
        self.spare = spare
        self.output = output
        self.known = manifest
        spareFolder = open(spare, O_RDONLY | O_DIRECTORY)
        guard spareFolder >= 0 else { throw OutputError.system("cannot open folder", spare) }
        liveFolder = open(output, O_RDONLY | O_DIRECTORY)
    }

    deinit {
        close(spareFolder)
        if liveFolder >= 0 { close(liveFolder) }
    }

    @discardableResult public func write(_ file: OutputFile) throws -> UInt64? {
        let (record, placement) = try OutputWriter.place(file.bytes, at: file.path, spareFolder: spareFolder,
                                                         sparePath: spare, liveFolder: liveFolder,
                                                         known: known.records[file.path], newFolders: newFolders)
        placed.add(file.path, record, placement)
        return record.hash
    }

    /// The live output's manifest (what the last build wrote there), read when first asked.
    private var liveRecords: [String: OutputManifest.Record]?

    /// Puts the live output's `files` into the spare without reading or writing them: when each
    /// live file is still exactly the one the last build recorded (`OutputManifest`: its
    /// identity, so any change since shows) with its hash. The spare gets hard links to them, as
    /// `OutputWriter.place` gives an unchanged page.
    public func keep(_ files: [(path: String, hash: UInt64)]) -> Bool {
        guard liveFolder >= 0 else { return false }
        let records = lock.withLock {
            if liveRecords == nil { liveRecords = OutputManifest.read(OutputManifest.path(for: output)).records }
            return liveRecords!
        }
        var lives: [stat] = []
        for (path, hash) in files {
            var live = stat()
            guard let record = records[path], record.hash == hash,
                  fstatat(liveFolder, path, &live, AT_SYMLINK_NOFOLLOW) == 0, (live.st_mode & S_IFMT) == S_IFREG,
                  OutputManifest.Identity(live) == record.identity else { return false }
            lives.append(live)
        }
        for ((path, hash), live) in zip(files, lives) {
            var current = stat()
            newFolders?.ready(path, in: spareFolder)
            let exists = newFolders == nil ? fstatat(spareFolder, path, &current, AT_SYMLINK_NOFOLLOW) == 0 : false
            if exists, let known = known.records[path], OutputWriter.isKnown(current, as: known, hash: hash) {
                placed.add(path, known, .known)
                continue
            }
            // Linked as `OutputWriter.place` links an unchanged page; should that fail, the file
            // is written as any other (`place` replaces what is in the spare).
            guard let (record, placement) = try? OutputWriter.linkLive(path, hash: hash, live: live, spare: exists ? current : nil,
                                                                    spareFolder: spareFolder, sparePath: spare, liveFolder: liveFolder)
            else { return false }
            placed.add(path, record, placement)
        }
        return true
    }

    public func remove(_ path: String) throws {
        if unlinkat(spareFolder, path, 0) != 0 && errno != ENOENT { throw OutputError.system("cannot remove stale file", spare + "/" + path) }
    }

    /// Swaps the spare in place of the output; the old output becomes the next build's spare.
    /// Then records what the output now holds (`OutputManifest`) for the next build; returns
    /// false when that record could not be written (the output is in place all the same).
    @discardableResult
    public func commit() throws -> Bool {
        try lock.withLock {
            precondition(!finished, "an output session commits once")
            finished = true
            try OutputWriter.swapIn(spare, replacing: output)
        }
        // The old output's manifest goes with it; the new one names the folder now live (by
        // inode, which the swap keeps) and the paths of its files.
        let manifest = OutputManifest.path(for: output), spareManifest = OutputManifest.sparePath(for: output)
        if rename(manifest, spareManifest) != 0 { unlink(spareManifest) }
        let records = placed.all
        var root = stat()
        let tree = stat(output, &root) == 0
            ? OutputManifest.Tree(device: UInt64(root.st_dev), inode: UInt64(root.st_ino),
                                  digest: placed.digest, count: records.count)
            : nil
        return OutputManifest.write(records, tree: tree, to: manifest)
    }

    /// How many files were placed each way, by `OutputWriter.Placement`.
    var placements: [Int] { placed.counts }

    /// Leaves the output as it was.
    public func abandon() {
        lock.withLock { finished = true }
    }

    /// Leaves the output as it was and removes the spare: a write failed (a full disk), and a
    /// half-written spare would keep filling it. The next build writes its spare anew.
    public func discard() {
        abandon()
        try? FileManager.default.removeItem(atPath: spare)
        unlink(OutputManifest.sparePath(for: output))
    }
}
