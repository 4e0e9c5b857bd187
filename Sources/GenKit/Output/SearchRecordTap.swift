import Foundation
import Synchronization

/// A sink in front of the output's that makes each page's search record (`SearchRecord`) as the
/// page is written, while its bytes are at hand, in the task that rendered it. The search stage
/// then reads back from the output only the pages no write went through (those kept, unchanged,
/// from the last build: `keep`), instead of every page.
///
/// Each record is a fraction of its page (a tenth of an article's, on the bench site); they stay
/// in memory until the search stage has written them for Pagefind.
final class SearchRecordTap: OutputSink, @unchecked Sendable {
    let inner: OutputSink
    /// Each page written, by path: its record, or nil for a page Pagefind does not index.
    private let made = Mutex<[String: [UInt8]?]>([:])

    init(_ inner: OutputSink) {
        self.inner = inner
    }

    @discardableResult func write(_ file: OutputFile) throws -> UInt64? {
        let hash = try inner.write(file)
        if Self.isPage(file.path) {
            // Copied to an array of its own size: the scanner reserves a third of the page for it.
            let record = SearchRecord.make(file.bytes).map { made in made.withUnsafeBufferPointer { Array($0) } }
            made.withLock { $0[file.path] = .some(record) }
        }
        return hash
    }

    func remove(_ path: String) throws {
        try inner.remove(path)
        _ = made.withLock { $0.removeValue(forKey: path) }
    }

    func keep(_ files: [(path: String, hash: UInt64)]) -> Bool {
        inner.keep(files)
    }

    /// The records made so far, by path (nil for a page without one).
    var records: [String: [UInt8]?] { made.withLock { $0 } }

    /// Whether Pagefind reads the file at `path`: an HTML file, but for those of its own bundle.
    static func isPage(_ path: String) -> Bool {
        path.hasSuffix(".html") && !path.hasPrefix(Pagefind.folder + "/")
    }
}
