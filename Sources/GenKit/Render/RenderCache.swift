import ByteText
import Foundation
import Synchronization

/// What the last build into an output folder made of each document, kept beside it
/// (`.public.gen-cache` next to `public/`) so that the next build renders only the documents
/// whose inputs changed: the Markdown stage (notes anchored, marks, citations, mentions, the W3C
/// export) and the documents' pages are most of a build's work, and most rebuilds change one
/// file of thousands.
///
/// A document's rendering and its own files are a function of its file, its annotation files,
/// and the rest of the site's inputs (gen.toml, entities, sources, theme, the list of static
/// files, the menu, the tags), of the build options and of gen itself. The cache stores what
/// the rest of the site needs of each document (not its page's content, unless feeds carry full
/// content) and the hash of each file it made, under a key of its own inputs, and the whole
/// cache under a digest of the rest (`SiteSession.cacheDigest`): any change there and every
/// document is rendered anew. Files read while rendering (images, for their sizes) are listed
/// with their hashes and read again before the cache is trusted. A document taken from the
/// cache keeps its files from the live output (`OutputSink.keep`), which checks them against
/// the manifest; tests build sites both ways after every kind of edit and compare every file.
/// A missing, stale or damaged cache costs time, never correctness. A build into memory
/// (`gen check`, `gen serve`, tests) neither reads nor writes one; `--no-cache` writes one
/// without reading it.
final class RenderCache: Sendable {
    static let header = Array("gen render cache 4\n".utf8)

    /// The cache beside `output` (canonical: `OutputWriter.canonical`), e.g. `/site/.public.gen-cache`.
    static func path(for output: String) -> String { OutputWriter.beside(output, suffix: ".gen-cache") }

    struct Entry: Sendable {
        var key: UInt64
        /// The payload's `ContentHash`: a damaged payload is not decoded.
        var hash: UInt64
        /// The document's own files as the build that rendered it wrote them (its page, its
        /// annotations), with the `ContentHash` of each.
        var files: [(path: String, hash: UInt64)]
        var payload: Range<Int>
    }

    /// A document found in the cache with the same key.
    struct Hit {
        var rendered: RenderedArticle
        var path: String
        var entry: Entry
    }

    /// A cache file as read, before it is known to apply to this build.
    struct Stored: Sendable {
        var bytes: [UInt8]
        var digest: UInt64
        var reads: [(path: String, hash: UInt64)]
        var entries: [String: Entry]

        /// The file at `path`; nil when there is none or it is damaged.
        init?(path: String) {
            guard let bytes = try? LocalFileSystem().read(path), bytes.starts(with: RenderCache.header) else { return nil }
            var reader = CacheReader(bytes)
            reader.offset = RenderCache.header.count
            do {
                digest = try reader.u64()
                var entries: [String: Entry] = [:]
                while true {
                    let path = try reader.string()
                    if path.isEmpty { break }
                    let key = try reader.u64(), hash = try reader.u64()
                    var files: [(String, UInt64)] = []
                    for _ in 0..<(try reader.count()) { files.append((try reader.string(), try reader.u64())) }
                    let length = try reader.count()
                    entries[path] = Entry(key: key, hash: hash, files: files, payload: reader.offset..<reader.offset + length)
                    reader.offset += length
                }
                var reads: [(String, UInt64)] = []
                for _ in 0..<(try reader.count()) { reads.append((try reader.string(), try reader.u64())) }
                guard reader.offset == bytes.count else { return nil }
                self.reads = reads
                self.entries = entries
                self.bytes = bytes
            } catch { return nil }
        }
    }

    private let old: [UInt8]
    private let entries: [String: Entry]
    private let digest: UInt64
    private let path: String
    private let temporary: String

    /// The new cache file, written as documents render: begun at the first document rendered
    /// anew (with the kept ones before it), never when every document is kept.
    private struct Writing {
        var descriptor: Int32 = -1
        var failed = false
        /// What is not written yet: entries are gathered and written a megabyte at a time, not
        /// in two system calls each under the lock both render threads take.
        var pending: [UInt8] = []
        var kept: [(path: String, entry: Entry)] = []
        var keptCount = 0
    }
    private let writing = Mutex(Writing())

    /// The cache for a build under `digest`: `stored` (the file at `path` as read) when it was
    /// made under the same digest and the files its documents read while rendering are
    /// unchanged; otherwise an empty one, which fills as documents render.
    init(path: String, stored: Stored?, digest: UInt64, fileSystem: FileSystem, siteDirectory: String) {
        self.path = path
        // Named for this process: another build into the same output may write its cache too
        // (the last one renamed in wins; each describes what it says).
        temporary = path + ".tmp-\(getpid())"
        // Those of builds killed while writing theirs.
        OutputWriter.removeLeftovers(of: path, marker: ".tmp-")
        self.digest = digest
        guard let stored, stored.digest == digest, stored.reads.allSatisfy({ read in
            ((try? fileSystem.read(siteDirectory + "/" + read.path)).map(ContentHash.of) ?? ReadLog.unreadable) == read.hash
        }) else {
            old = []
            entries = [:]
            return
        }
        old = stored.bytes
        entries = stored.entries
    }

    /// A document's rendering as the last build made it, when its key is the same, with the
    /// files it wrote then.
    func lookup(article: Article, key: UInt64, notes: [Note]) -> Hit? {
        guard let entry = entries[article.path], entry.key == key,
              old.withUnsafeBytes({ ContentHash.of(UnsafeRawBufferPointer(rebasing: $0[entry.payload])) }) == entry.hash,
              let rendered = try? Self.decode(old[entry.payload], article: article, notes: notes) else { return nil }
        return Hit(rendered: rendered, path: article.path, entry: entry)
    }

    /// Keeps `hit` for the next build: the build used it (its files were kept too).
    func keep(_ hit: Hit) {
        writing.withLock { writing in
            writing.keptCount += 1
            if writing.descriptor >= 0 { append(hit.path, hit.entry, to: &writing) } else { writing.kept.append((hit.path, hit.entry)) }
        }
    }

    /// Keeps a document's new rendering for the next build, with the files made of it (path and
    /// `ContentHash`). `content`: with what only its own pages show (`RenderedArticle.dropPageContent`),
    /// for a build whose other pages show it too (feeds with full content).
    func store(_ rendered: RenderedArticle, key: UInt64, notes: [Note], files: [(path: String, hash: UInt64)], content: Bool) {
        guard let payload = Self.encode(rendered, notes: notes, content: content) else { return }
        let entry = Entry(key: key, hash: ContentHash.of(payload), files: files, payload: 0..<payload.count)
        writing.withLock { writing in
            if writing.descriptor < 0 && !writing.failed {
                writing.descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                var head = CacheWriter()
                head.bytes = Self.header
                head.u64(digest)
                if writing.descriptor < 0 { writing.failed = true }
                writing.pending = head.bytes
                for (path, entry) in writing.kept { append(path, entry, to: &writing) }
                writing.kept = []
            }
            append(rendered.article.path, entry, payload: payload, to: &writing)
        }
    }

    private func append(_ path: String, _ entry: Entry, payload: [UInt8]? = nil, to writing: inout Writing) {
        guard !writing.failed else { return }
        var head = CacheWriter()
        head.string(path)
        head.u64(entry.key)
        head.u64(entry.hash)
        head.int(entry.files.count)
        for file in entry.files { head.string(file.path); head.u64(file.hash) }
        head.int(entry.payload.count)
        writing.pending += head.bytes
        if let payload { writing.pending += payload } else { writing.pending += old[entry.payload] }
        if writing.pending.count >= 1 << 20 { flush(&writing) }
    }

    private func flush(_ writing: inout Writing) {
        if !writing.failed && !writing.pending.withUnsafeBytes({ OutputWriter.writeFully(writing.descriptor, $0) }) {
            writing.failed = true
        }
        writing.pending.removeAll(keepingCapacity: true)
    }

    /// How many documents this build took from the cache.
    var keptCount: Int { writing.withLock { $0.keptCount } }

    /// Ends the new cache with the files read while rendering (`renderReads`) and puts it in
    /// place of the last one; when no document was rendered anew, the last one stays. A
    /// failure leaves no cache: the next build renders everything.
    func commit(renderReads: [(path: String, hash: UInt64)]) {
        writing.withLock { writing in
            guard writing.descriptor >= 0 else { return }
            var tail = CacheWriter()
            tail.string("")
            tail.int(renderReads.count)
            for read in renderReads { tail.string(read.path); tail.u64(read.hash) }
            writing.pending += tail.bytes
            flush(&writing)
            close(writing.descriptor)
            writing.descriptor = -1
            if writing.failed || rename(temporary, path) != 0 {
                unlink(temporary)
                unlink(path)
            }
        }
    }

    /// Drops the new cache (the build failed); the last one stays.
    func discard() {
        writing.withLock { writing in
            guard writing.descriptor >= 0 else { return }
            close(writing.descriptor)
            writing.descriptor = -1
            unlink(temporary)
        }
    }

    // MARK: - One document's rendering as bytes

    /// Everything `RenderMarkdown.render` made but the article (read anew each build), the notes
    /// (each anchored or orphaned note is stored as its place in `notes`) and, without
    /// `content`, what only the document's own files show (a build keeps those files as the
    /// last one wrote them, or renders the document again). Nil when a note cannot be found in
    /// `notes` (the document is then rendered anew next time).
    static func encode(_ rendered: RenderedArticle, notes: [Note], content: Bool) -> [UInt8]? {
        var w = CacheWriter()
        func place(_ note: Note) -> Int? { notes.firstIndex { $0.id == note.id && $0.location == note.location } }
        w.bool(content)
        if content {
            for bytes in [rendered.htmlBytes, rendered.notesBytes, rendered.annotationsBytes, rendered.claimReviewsBytes,
                          rendered.sourcesBytes, rendered.tocBytes] { w.bytes(bytes) }
        }
        w.string(rendered.summary)
        w.int(rendered.wordCount)
        w.optional(rendered.displayDate)
        w.optional(rendered.firstImage)
        w.bool(rendered.leftOutOfSearch)
        w.int(rendered.anchored.count)
        for note in rendered.anchored {
            guard let index = place(note.note) else { return nil }
            w.int(index); w.int(note.number); w.int(note.start); w.int(note.end)
            w.string(note.exact); w.string(note.prefix); w.string(note.suffix)
            w.int(note.textStart); w.int(note.textEnd)
        }
        w.int(rendered.orphans.count)
        for orphan in rendered.orphans {
            guard let index = place(orphan.note) else { return nil }
            w.int(index)
            w.optional(orphan.closest)
            w.bool(orphan.similarity != nil)
            w.u64(orphan.similarity?.bitPattern ?? 0)
            w.bool(orphan.repairable)
            w.int(orphan.alternatives.count)
            for alternative in orphan.alternatives {
                w.string(alternative.passage); w.string(alternative.prefix); w.string(alternative.suffix)
                w.int(alternative.textStart); w.bool(alternative.repairable)
            }
        }
        w.strings(rendered.citedKeys)
        let places = rendered.citationPlaces
        w.int(places.count)
        for key in places.keys.sorted() { w.string(key); w.strings(places[key]!) }
        let mentions = rendered.mentions
        w.ints(mentions.seen); w.ints(mentions.order); w.ints(mentions.counts)
        w.int(mentions.sentences.count)
        for sentence in mentions.sentences { w.bytes(sentence) }
        w.int(mentions.notes.count)
        for entity in mentions.notes.keys.sorted() { w.int(entity); w.strings(mentions.notes[entity]!) }
        w.diagnostics(mentions.diagnostics)
        w.diagnostics(rendered.diagnostics)
        return w.bytes
    }

    static func decode(_ bytes: ArraySlice<UInt8>, article: Article, notes: [Note]) throws -> RenderedArticle {
        var r = CacheReader(bytes)
        func note() throws -> Note {
            let index = try r.int()
            guard notes.indices.contains(index) else { throw CacheReader.Damaged() }
            return notes[index]
        }
        let content = try r.bool() ? try (0..<6).map { _ in try r.bytes() } : nil
        var rendered = RenderedArticle(article: article, htmlBytes: content?[0] ?? [], summary: try r.string(), wordCount: try r.int())
        if let content {
            rendered.notesBytes = content[1]
            rendered.annotationsBytes = content[2]
            rendered.claimReviewsBytes = content[3]
            rendered.sourcesBytes = content[4]
            rendered.tocBytes = content[5]
        }
        rendered.displayDate = try r.optional()
        rendered.firstImage = try r.optional()
        rendered.leftOutOfSearch = try r.bool()
        var anchored: [AnchoredNote] = []
        for _ in 0..<(try r.count()) {
            let (note, number, start, end) = (try note(), try r.int(), try r.int(), try r.int())
            let place = OrphanedNote.Alternative(passage: try r.string(), prefix: try r.string(), suffix: try r.string(),
                                                 textStart: try r.int(), repairable: true)
            var kept = AnchoredNote(note: note, number: number, start: start, end: end, place: place)
            kept.textEnd = try r.int()
            anchored.append(kept)
        }
        rendered.anchored = anchored
        var orphans: [OrphanedNote] = []
        for _ in 0..<(try r.count()) {
            let orphanNote = try note()
            let closest: String? = try r.optional()
            let hasSimilarity = try r.bool()
            let similarity = Double(bitPattern: try r.u64())
            var orphan = OrphanedNote(note: orphanNote, closest: closest, similarity: hasSimilarity ? similarity : nil,
                                      repairable: try r.bool())
            for _ in 0..<(try r.count()) {
                orphan.alternatives.append(.init(passage: try r.string(), prefix: try r.string(), suffix: try r.string(),
                                                 textStart: try r.int(), repairable: try r.bool()))
            }
            orphans.append(orphan)
        }
        rendered.orphans = orphans
        rendered.citedKeys = try r.strings()
        var places: [String: [String]] = [:]
        for _ in 0..<(try r.count()) { places[try r.string()] = try r.strings() }
        rendered.citationPlaces = places
        var mentions = EntityMentions()
        mentions.seen = try r.ints(); mentions.order = try r.ints(); mentions.counts = try r.ints()
        for _ in 0..<(try r.count()) { mentions.sentences.append(try r.bytes()) }
        for _ in 0..<(try r.count()) { mentions.notes[try r.int()] = try r.strings() }
        mentions.diagnostics = try r.diagnostics()
        rendered.mentions = mentions
        rendered.diagnostics = try r.diagnostics()
        guard r.offset == bytes.endIndex else { throw CacheReader.Damaged() }
        return rendered
    }
}

/// Values as bytes: whole numbers as variable-length (zigzag) integers, text and byte strings
/// with their length first.
struct CacheWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while rest >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80); rest >>= 7 }
        bytes.append(UInt8(rest))
    }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func bytes(_ value: [UInt8]) { int(value.count); bytes += value }
    mutating func string(_ value: String) { int(value.utf8.count); bytes += value.utf8 }
    mutating func optional(_ value: String?) { bool(value != nil); if let value { string(value) } }
    mutating func strings(_ values: [String]) { int(values.count); for value in values { string(value) } }
    mutating func ints(_ values: [Int]) { int(values.count); for value in values { int(value) } }
    mutating func location(_ value: SourceLocation?) {
        bool(value != nil)
        if let value { string(value.path); int(value.line); int(value.column) }
    }
    mutating func diagnostics(_ list: DiagnosticList) {
        int(list.items.count)
        for item in list.items {
            bool(item.severity == .error)
            location(item.location)
            string(item.message)
            int(item.notes.count)
            for note in item.notes { location(note.location); string(note.message) }
        }
    }
}

/// Reads what `CacheWriter` wrote; anything out of place throws `Damaged`.
struct CacheReader {
    struct Damaged: Error {}
    let data: ArraySlice<UInt8>
    var offset: Int

    init(_ data: [UInt8]) { self.init(data[...]) }
    init(_ data: ArraySlice<UInt8>) { self.data = data; offset = data.startIndex }

    mutating func byte() throws -> UInt8 {
        guard offset < data.endIndex else { throw Damaged() }
        defer { offset += 1 }
        return data[offset]
    }
    mutating func int() throws -> Int {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = try byte()
            guard shift < 64 else { throw Damaged() }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1))
    }
    /// A count or a length: never negative, never more than the bytes left (each item takes one at least).
    mutating func count() throws -> Int {
        let value = try int()
        guard value >= 0, value <= data.endIndex - offset else { throw Damaged() }
        return value
    }
    mutating func u64() throws -> UInt64 {
        guard offset + 8 <= data.endIndex else { throw Damaged() }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(data[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return value
    }
    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: false
        case 1: true
        default: throw Damaged()
        }
    }
    mutating func bytes() throws -> [UInt8] {
        let count = try count()
        guard offset + count <= data.endIndex else { throw Damaged() }
        defer { offset += count }
        return Array(data[offset..<offset + count])
    }
    mutating func string() throws -> String {
        let count = try count()
        guard offset + count <= data.endIndex else { throw Damaged() }
        defer { offset += count }
        return String(decoding: data[offset..<offset + count], as: UTF8.self)
    }
    mutating func optional() throws -> String? { try bool() ? try string() : nil }
    mutating func strings() throws -> [String] { try (0..<(try count())).map { _ in try string() } }
    mutating func ints() throws -> [Int] { try (0..<(try count())).map { _ in try int() } }
    mutating func location() throws -> SourceLocation? {
        guard try bool() else { return nil }
        return SourceLocation(try string(), line: try int(), column: try int())
    }
    mutating func diagnostics() throws -> DiagnosticList {
        var list = DiagnosticList()
        for _ in 0..<(try count()) {
            let severity: Diagnostic.Severity = try bool() ? .error : .warning
            let place = try location()
            let message = try string()
            var notes: [Diagnostic.Note] = []
            for _ in 0..<(try count()) {
                let place = try location()
                notes.append(Diagnostic.Note(try string(), at: place))
            }
            list.append(Diagnostic(severity, message, at: place, notes: notes))
        }
        return list
    }
}
