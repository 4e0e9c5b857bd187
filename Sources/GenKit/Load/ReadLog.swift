import ByteText
import Synchronization

/// Every file a build read, by path relative to the site folder, with a hash of its bytes: what
/// the build's render cache keys its documents by, so that a cached rendering is used
/// only when every file that went into it is as it was.
final class ReadLog: Sendable {
    /// Recorded for a path that could not be read: a file that appears later changes the log.
    static let unreadable: UInt64 = 0

    private let reads = Mutex<[String: UInt64]>([:])
    /// The site folder and a slash, taken off the paths read.
    private let prefix: String

    init(siteDirectory: String) { prefix = siteDirectory + "/" }

    func record(_ path: String, _ hash: UInt64) {
        let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        reads.withLock { $0[relative] = hash }
    }

    /// What was read so far.
    var snapshot: [String: UInt64] { reads.withLock { $0 } }
}

/// A file system that records in a `ReadLog` what is read through it.
struct RecordingFileSystem: FileSystem {
    let base: FileSystem
    let log: ReadLog

    func read(_ path: String) throws -> [UInt8] {
        do {
            let bytes = try base.read(path)
            log.record(path, ContentHash.of(bytes))
            return bytes
        } catch {
            log.record(path, ReadLog.unreadable)
            throw error
        }
    }

    func list(_ path: String) -> [DirectoryEntry]? { base.list(path) }
    func exists(_ path: String) -> Bool { base.exists(path) }
    func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    func refusal(of path: String) -> FileRefusal? { base.refusal(of: path) }
}
