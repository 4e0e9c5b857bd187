import Foundation

/// Where rendered files go as they are made: the spare output folder (`OutputSession`) or
/// memory (`MemorySink`, for `gen check` and tests). Called from several threads at once.
public protocol OutputSink: Sendable {
    /// Writes `file`; returns its `ContentHash` when the sink computed one to compare it with
    /// what it had (the spare folder does), so that no caller hashes the bytes again.
    @discardableResult func write(_ file: OutputFile) throws -> UInt64?
    /// Makes sure no file is at `path` (planned, then not made after all).
    func remove(_ path: String) throws
    /// Keeps `files` as the last build wrote them, when that build wrote each with this
    /// `ContentHash` and none changed since; false, keeping none, otherwise (the caller writes them).
    func keep(_ files: [(path: String, hash: UInt64)]) -> Bool
}

extension OutputSink {
    public func remove(_ path: String) throws {}
    public func keep(_ files: [(path: String, hash: UInt64)]) -> Bool { false }
}

/// Keeps every file in memory.
public final class MemorySink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [OutputFile] = []

    public init() {}

    @discardableResult public func write(_ file: OutputFile) throws -> UInt64? {
        lock.withLock { collected.append(file) }
        return nil
    }

    /// The files in path order.
    public var files: [OutputFile] {
        lock.withLock { collected.sorted { $0.path < $1.path } }
    }

    /// The files in the order they were written (from several threads: any order).
    public var unsortedFiles: [OutputFile] { lock.withLock { collected } }
}

/// Drops every file: the build validates and renders, and writes nothing.
public struct DiscardSink: OutputSink {
    public init() {}
    @discardableResult public func write(_ file: OutputFile) throws -> UInt64? { nil }
}
