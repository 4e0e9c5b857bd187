import Foundation

/// The file operations the build needs: a seam so stages can be tested without a disk.
public protocol FileSystem: Sendable {
    /// The entries of a folder, sorted by name; nil when it does not exist.
    func list(_ path: String) -> [DirectoryEntry]?
    func read(_ path: String) throws -> [UInt8]
    func exists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
}

/// One name in a folder.
public struct DirectoryEntry: Sendable, Hashable {
    public var name: String
    public var isDirectory: Bool
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func list(_ path: String) -> [DirectoryEntry]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            let type = Int32(entry.pointee.d_type)
            // Symbolic links and unknown types are resolved with stat, as a reader would expect.
            let folder = type == Int32(DT_DIR) || ((type == Int32(DT_LNK) || type == Int32(DT_UNKNOWN)) && isDirectory(path + "/" + name))
            entries.append(DirectoryEntry(name: name, isDirectory: folder))
        }
        return entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    public func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, errno: errno) }
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
    public var description: String { "\(path): \(String(cString: strerror(errno)))" }
}

extension FileSystem {
    /// Every file below `root` (hidden names skipped), as paths relative to it, in name order.
    public func listRecursively(_ root: String, prefix: String = "") -> [String] {
        guard let entries = list(root) else { return [] }
        var result: [String] = []
        for entry in entries where !entry.name.hasPrefix(".") {
            if entry.isDirectory {
                result += listRecursively(root + "/" + entry.name, prefix: prefix + entry.name + "/")
            } else {
                result.append(prefix + entry.name)
            }
        }
        return result
    }
}
