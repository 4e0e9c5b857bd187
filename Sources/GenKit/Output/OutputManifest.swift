import Foundation
import Synchronization
import ByteText

/// What the last builds wrote: for each output path, the identity of the file there (device,
/// inode, size, modification and change times) and a hash of its bytes. Kept beside the output
/// (`.public.gen-manifest` next to `public/`), it lets a build keep an unchanged page with one
/// `fstatat` instead of opening and reading the old page back to compare it.
///
/// A record is only a cache of "this inode, as long as it is unmodified, holds bytes with this
/// hash": a file whose identity differs in any field (edited, even with its modification time
/// put back, which changes its change time; replaced; another inode) is compared byte for byte
/// as before. A missing, stale or damaged manifest costs speed, never correctness.
struct OutputManifest: Sendable {
    struct Identity: Equatable, Sendable {
        var device: UInt64, inode: UInt64, size: Int64
        var modified: Int64, modifiedNanoseconds: Int64
        var changed: Int64, changedNanoseconds: Int64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.modificationTime.tv_sec); modifiedNanoseconds = Int64(info.modificationTime.tv_nsec)
            changed = Int64(info.changeTime.tv_sec); changedNanoseconds = Int64(info.changeTime.tv_nsec)
        }

        init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, modifiedNanoseconds: Int64,
             changed: Int64, changedNanoseconds: Int64) {
            (self.device, self.inode, self.size) = (device, inode, size)
            (self.modified, self.modifiedNanoseconds) = (modified, modifiedNanoseconds)
            (self.changed, self.changedNanoseconds) = (changed, changedNanoseconds)
        }
    }

    struct Record: Equatable, Sendable {
        var identity: Identity
        var hash: UInt64
    }

    var records: [String: Record] = [:]

    /// The tree the manifest describes: its root folder (which keeps its inode when the output
    /// and the spare swap places) and a digest of the paths of its files.
    struct Tree: Equatable, Sendable {
        var device: UInt64, inode: UInt64
        var digest: UInt64, count: Int
    }
    var tree: Tree?

    static let header = "gen output manifest 2\n"

    /// An order-free digest of a tree's file paths (the build places them from several threads).
    static func digest<Paths: Sequence>(of paths: Paths) -> UInt64 where Paths.Element == String {
        var sum: UInt64 = 0
        for path in paths {
            var path = path
            sum &+= path.withUTF8 { ContentHash.of(UnsafeRawBufferPointer($0)) }
        }
        return sum
    }

    /// Only the tree line of the manifest at `path` (the line after the header), and when the
    /// manifest was written: nothing in the tree it describes has changed if no folder of it
    /// changed after that.
    static func readTree(_ path: String) -> (tree: Tree, written: timespec)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        var head = [UInt8](repeating: 0, count: 256)
        let n = head.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
        guard n > 0 else { return nil }
        let start = Array(header.utf8).count
        var numbers: [UInt64] = []
        let tree = head.withUnsafeBufferPointer { buffer -> Tree? in
            let bytes = UnsafeBufferPointer(rebasing: buffer[..<n])
            guard bytes.starts(with: Array(header.utf8)), let end = bytes[start...].firstIndex(of: 0x0A) else { return nil }
            return parseTree(bytes[start..<end], numbers: &numbers)
        }
        guard let tree else { return nil }
        return (tree, info.modificationTime)
    }

    /// `tree DEVICE INODE DIGEST COUNT`, in hexadecimal.
    private static func parseTree(_ line: Slice<UnsafeBufferPointer<UInt8>>, numbers: inout [UInt64]) -> Tree? {
        let prefix = Array("tree ".utf8)
        guard line.starts(with: prefix), let rest = Self.numbers(line.dropFirst(prefix.count), count: 3, into: &numbers),
              let count = Int(rest, radix: 16) else { return nil }
        return Tree(device: numbers[0], inode: numbers[1], digest: numbers[2], count: count)
    }

    /// The manifest beside `output` (canonical), e.g. `/site/.public.gen-manifest`. After each
    /// build the previous one becomes the spare's (`sparePath`), as its folder does.
    static func path(for output: String) -> String {
        OutputWriter.beside(output, suffix: ".gen-manifest")
    }

    /// The spare folder's manifest, e.g. `/site/.public.gen-spare.gen-manifest`.
    static func sparePath(for output: String) -> String {
        OutputWriter.sparePath(for: output) + ".gen-manifest"
    }

    /// The records at `path`; none when the file is missing or not a manifest. Lines that do not
    /// parse are skipped.
    static func read(_ path: String) -> OutputManifest {
        var manifest = OutputManifest()
        guard let bytes = try? LocalFileSystem().read(path) else { return manifest }
        let head = Array(header.utf8)
        guard bytes.starts(with: head) else { return manifest }
        manifest.records.reserveCapacity(bytes.count / 100)
        bytes.withUnsafeBufferPointer { bytes in
            var start = head.count
            var numbers: [UInt64] = []
            numbers.reserveCapacity(8)
            func lineEnd(from start: Int) -> Int {
                memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start)
                    .map { UnsafeRawPointer($0) - UnsafeRawPointer(bytes.baseAddress!) } ?? bytes.count
            }
            if start < bytes.count {
                let end = lineEnd(from: start)
                if let tree = parseTree(bytes[start..<end], numbers: &numbers) {
                    manifest.tree = tree
                    start = end + 1
                }
            }
            while start < bytes.count {
                let end = lineEnd(from: start)
                if let path = Self.numbers(bytes[start..<end], count: 8, into: &numbers) {
                    let identity = Identity(device: numbers[1], inode: numbers[2], size: Int64(bitPattern: numbers[3]),
                                            modified: Int64(bitPattern: numbers[4]), modifiedNanoseconds: Int64(bitPattern: numbers[5]),
                                            changed: Int64(bitPattern: numbers[6]), changedNanoseconds: Int64(bitPattern: numbers[7]))
                    manifest.records[path] = Record(identity: identity, hash: numbers[0])
                }
                start = end + 1
            }
        }
        return manifest
    }

    /// `count` hexadecimal numbers separated by spaces (into `numbers`), then the rest of the
    /// line: a path, returned.
    private static func numbers(_ line: Slice<UnsafeBufferPointer<UInt8>>, count: Int, into numbers: inout [UInt64]) -> String? {
        numbers.removeAll(keepingCapacity: true)
        var i = line.startIndex
        while numbers.count < count {
            var value: UInt64 = 0, digits = 0
            while i < line.endIndex, line[i] != 0x20 {
                let c = line[i]
                let digit: UInt8
                switch c {
                case 0x30...0x39: digit = c - 0x30
                case 0x61...0x66: digit = c - 0x61 + 10
                default: return nil
                }
                guard digits < 16 else { return nil }
                value = value << 4 | UInt64(digit)
                digits += 1
                i += 1
            }
            guard digits > 0, i < line.endIndex else { return nil }
            numbers.append(value)
            i += 1
        }
        guard i < line.endIndex else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: line[i...]), as: UTF8.self)
    }

    private static func hasLineBreak(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.count > 0 && memchr($0.baseAddress!, 0x0A, $0.count) != nil }
    }

    /// Writes the records (and the tree they make, when known) to `path` through a temporary
    /// file renamed into place; a failure leaves no manifest (the next build compares every file).
    /// Returns whether the manifest could be written (a full disk: none is left, and the next
    /// build compares every file instead).
    @discardableResult
    static func write(_ records: [(path: String, record: Record)], tree: Tree? = nil, to path: String) -> Bool {
        var bytes = Array(header.utf8)
        bytes.reserveCapacity(records.count * 120)
        let digits: StaticString = "0123456789abcdef"
        func hex(_ value: UInt64) {
            var shift = 60
            while shift > 0, (value >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
            while shift >= 0 { bytes.append(digits.utf8Start[Int((value >> UInt64(shift)) & 0xF)]); shift -= 4 }
            bytes.append(0x20)
        }
        // A path with a line break cannot be recorded: nor then the tree.
        let recordable = records.map { !hasLineBreak($0.path) }
        if let tree, !recordable.contains(false) {
            bytes += "tree ".utf8
            hex(tree.device)
            hex(tree.inode)
            hex(tree.digest)
            hex(UInt64(tree.count))
            bytes[bytes.count - 1] = 0x0A
        }
        for ((file, record), recordable) in zip(records, recordable) where recordable {
            let id = record.identity
            hex(record.hash)
            hex(id.device)
            hex(id.inode)
            hex(UInt64(bitPattern: id.size))
            hex(UInt64(bitPattern: id.modified))
            hex(UInt64(bitPattern: id.modifiedNanoseconds))
            hex(UInt64(bitPattern: id.changed))
            hex(UInt64(bitPattern: id.changedNanoseconds))
            HTMLEscape.appendRaw(file, to: &bytes)
            bytes.append(0x0A)
        }
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { unlink(path); return false }
        do {
            try OutputWriter.writeAll(fd, bytes, path: temporary)
            if rename(temporary, path) != 0 { unlink(temporary); unlink(path); return false }
            return true
        } catch {
            unlink(temporary)
            unlink(path)
            return false
        }
    }
}

extension stat {
    /// The file's modification and change times (their fields are named differently on Linux
    /// and on Apple's systems).
    var modificationTime: timespec {
        #if os(Linux)
        st_mtim
        #else
        st_mtimespec
        #endif
    }

    var changeTime: timespec {
        #if os(Linux)
        st_ctim
        #else
        st_ctimespec
        #endif
    }
}

/// The records a build makes as it places files, from any thread.
final class ManifestRecorder: Sendable {
    private struct State {
        var all: [(path: String, record: OutputManifest.Record)] = []
        /// Each path's place in `all`: a file placed again (kept, then written after all) has
        /// one record, its last.
        var places: [String: Int] = [:]
        var counts = [0, 0, 0, 0]
        /// `OutputManifest.digest(of:)` of the paths so far.
        var digest: UInt64 = 0
    }
    private let state = Mutex(State())

    func add(_ path: String, _ record: OutputManifest.Record, _ placement: OutputWriter.Placement) {
        let hash = OutputManifest.digest(of: CollectionOfOne(path))
        state.withLock {
            $0.counts[placement.rawValue] += 1
            if let place = $0.places[path] {
                $0.all[place].record = record
                return
            }
            $0.places[path] = $0.all.count
            $0.all.append((path, record))
            $0.digest &+= hash
        }
    }

    var all: [(path: String, record: OutputManifest.Record)] { state.withLock { $0.all } }
    var counts: [Int] { state.withLock { $0.counts } }
    var digest: UInt64 { state.withLock { $0.digest } }
}
