import Foundation

/// The file operations the build needs: a seam so stages can be tested without a disk.
public protocol FileSystem: Sendable {
    /// The entries of a folder, sorted by name; nil when it does not exist. An entry gen will
    /// not read (`refusal(of:)`) is listed as a file, never as a folder to descend into.
    func list(_ path: String) -> [DirectoryEntry]?
    /// A regular file's bytes; anything else (`refusal(of:)`) throws a `FileError` saying why.
    func read(_ path: String) throws -> [UInt8]
    func exists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// Why gen will not read `path`, or nil when it is a regular file or folder of the site.
    func refusal(of path: String) -> FileRefusal?
}

/// One name in a folder.
public struct DirectoryEntry: Sendable, Hashable {
    public var name: String
    public var isDirectory: Bool
    /// Why gen will not read it (a link out of the site, a FIFO): it is then listed as a file.
    public var refusal: FileRefusal?

    public init(name: String, isDirectory: Bool, refusal: FileRefusal? = nil) {
        self.name = name
        self.isDirectory = isDirectory
        self.refusal = refusal
    }
}

/// Why gen does not read a path of the site: content never leaves the site folder, and gen
/// opens nothing but regular files and folders (a FIFO would make the build wait forever).
public enum FileRefusal: Error, Sendable, Hashable {
    /// A symbolic link (to `target`) that resolves outside the site folder, to `leadsTo`
    /// (the same unless the target is a link itself, or inside a linked folder).
    case outsideSite(target: String, leadsTo: String)
    /// A FIFO, a socket or a device (`kind` says which).
    case notAFile(kind: String)

    /// The diagnostic's message.
    public var message: String {
        switch self {
        case .outsideSite(let target, let leadsTo) where target == leadsTo:
            "a symbolic link to \(Diagnostic.quoted(target)), outside the site folder"
        case .outsideSite(let target, let leadsTo):
            "a symbolic link to \(Diagnostic.quoted(target)), which leads outside the site folder, to \(Diagnostic.quoted(leadsTo))"
        case .notAFile(let kind): "\(kind), not a file or a folder"
        }
    }

    /// The diagnostic's suggestion.
    public var suggestion: String {
        switch self {
        case .outsideSite: "gen reads only what is inside the site folder: copy the file in instead of linking to it"
        case .notAFile: "gen reads only regular files and folders: remove it, or put a file in its place"
        }
    }
}

/// The real disk. With a `root` (the site folder), what resolves outside it is refused, as are
/// FIFOs, sockets and devices anywhere.
extension FileSystem {
    /// The disk confined to `site` when this is the disk unconfined; any other file system
    /// (one in memory, one already confined) as it is. What a build reads and what is built
    /// around it (an import's trial builds) read the same files.
    func confined(to site: String) -> FileSystem {
        if let local = self as? LocalFileSystem, local.root == nil { return LocalFileSystem(root: site) }
        return self
    }
}

public struct LocalFileSystem: FileSystem {
    /// The site folder, with symbolic links resolved.
    public let root: String?

    public init(root: String? = nil) {
        self.root = root.map { Self.resolved($0) ?? $0 }
    }

    public func list(_ path: String) -> [DirectoryEntry]? {
        // A folder that leads out of the site is not read (`refusal(of:)` names it).
        if let root, outside(path, root: root) != nil { return nil }
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            let type = Int32(entry.pointee.d_type)
            // Symbolic links and unknown types are resolved with stat, as a reader would expect;
            // a link out of the site is listed as a file, which reading refuses, with why.
            var refused: FileRefusal?
            if type != Int32(DT_DIR) && type != Int32(DT_REG) { refused = refusal(of: path + "/" + name) }
            let folder = type == Int32(DT_DIR)
                || ((type == Int32(DT_LNK) || type == Int32(DT_UNKNOWN)) && refused == nil && isDirectory(path + "/" + name))
            entries.append(DirectoryEntry(name: name, isDirectory: folder, refusal: refused))
        }
        return entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    public func read(_ path: String) throws -> [UInt8] {
        // What is not a regular file is not opened at all (opening a FIFO waits for a writer,
        // a device may act on being opened); the open file is checked again.
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileError(path: path, errno: errno) }
        if let kind = Self.special(info.st_mode) { throw FileError(path: path, errno: 0, refusal: .notAFile(kind: kind)) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, errno: errno) }
        if let kind = Self.special(info.st_mode) { throw FileError(path: path, errno: 0, refusal: .notAFile(kind: kind)) }
        if let root, let refusal = outside(path, root: root, opened: fd) { throw FileError(path: path, errno: 0, refusal: refusal) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 { throw FileError(path: path, errno: errno) }
            if n == 0 { break }
            filled += n
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }

    public func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    public func refusal(of path: String) -> FileRefusal? {
        if let root, let refusal = outside(path, root: root) { return refusal }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }  // a broken link: reading it says so
        return Self.special(info.st_mode).map { .notAFile(kind: $0) }
    }

    /// A refusal when `path`, its links resolved, is not inside `root`. With `opened`, the
    /// path of that open file is asked of the kernel (one call instead of one per folder).
    private func outside(_ path: String, root: String, opened: Int32? = nil) -> FileRefusal? {
        var real: String?
        #if os(Linux)
        if let opened { real = Self.link("/proc/self/fd/\(opened)") }
        #endif
        guard let real = real ?? Self.resolved(path) else { return nil }
        if real == root || real.hasPrefix(root == "/" ? "/" : root + "/") { return nil }
        // The link that leads out: the path's own target when it is one, else where it leads.
        guard let target = Self.link(path) else { return .outsideSite(target: real, leadsTo: real) }
        // A target written relative to the link's folder is the same place as `real` when it
        // leads there directly.
        let direct = target.hasPrefix("/") ? target : (path as NSString).deletingLastPathComponent + "/" + target
        return .outsideSite(target: target, leadsTo: Self.lexical(direct) == real ? target : real)
    }

    /// `path` with `.` and `..` taken away by its names alone (no link followed).
    static func lexical(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The target of the symbolic link at `path`; nil when it is not one.
    static func link(_ path: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = buffer.withUnsafeMutableBufferPointer { readlink(path, UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count - 1) }
        return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
    }

    /// `path` with every symbolic link, `.` and `..` resolved; nil when it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// What a file of mode `mode` is, when it is neither a regular file nor a folder.
    static func special(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG, S_IFDIR: nil
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "not a regular file"
        }
    }
}

/// A content file's name without its folder and its ".md", found on bytes (a Character-wise
/// split of every path was a visible share of reading a site).
func fileStem(_ path: String) -> String {
    let name = path.utf8.lastIndex(of: 0x2F).map { path[path.utf8.index(after: $0)...] } ?? path[...]
    return String(name.utf8.dropLast(3)) ?? String(name.dropLast(3))
}

/// A failed system call on a file, with the system's reason.
public struct FileError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32
    /// Set when gen refused to read the path (errno is then 0).
    public var refusal: FileRefusal? = nil
    public var description: String { "\(path): \(refusal?.message ?? String(cString: strerror(errno)))" }
}

extension FileSystem {
    /// Every file below `root` (hidden names skipped), as paths relative to it, in name order.
    public func listRecursively(_ root: String, prefix: String = "") -> [String] {
        var refused: [(String, FileRefusal)] = []
        return listRecursively(root, prefix: prefix, keepingRefused: true, refused: &refused)
    }

    /// The same, the entries gen will not read (`DirectoryEntry.refusal`) left out and put in
    /// `refused` unless `keepingRefused` (then they are listed, for reading to refuse).
    func listRecursively(_ root: String, prefix: String = "", keepingRefused: Bool, refused: inout [(String, FileRefusal)]) -> [String] {
        guard let entries = list(root) else { return [] }
        var result: [String] = []
        for entry in entries where !entry.name.hasPrefix(".") {
            if let refusal = entry.refusal, !keepingRefused {
                refused.append((prefix + entry.name, refusal))
            } else if entry.isDirectory {
                result += listRecursively(root + "/" + entry.name, prefix: prefix + entry.name + "/", keepingRefused: keepingRefused,
                                          refused: &refused)
            } else {
                result.append(prefix + entry.name)
            }
        }
        return result
    }
}

extension FileSystem {
    /// Every file below the site's `folder` (paths relative to it, hidden names skipped, in name
    /// order); each entry gen does not read (a link out of the site, a FIFO) an error at its path.
    func listReadable(_ folder: String, in site: String, diagnostics: inout DiagnosticList) -> [String] {
        var refused: [(String, FileRefusal)] = []
        let files = listRecursively(site + "/" + folder, keepingRefused: false, refused: &refused)
        for (path, refusal) in refused { diagnostics.refused(folder + "/" + path, refusal) }
        return files
    }
}

extension DiagnosticList {
    /// The error that gen does not read `path` (the site's), and why.
    mutating func refused(_ path: String, _ refusal: FileRefusal) {
        error(refusal.message, at: SourceLocation(path), notes: [.init(refusal.suggestion)])
    }
}
