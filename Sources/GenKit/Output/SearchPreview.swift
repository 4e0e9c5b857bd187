import Foundation

/// The search index of a preview (`gen serve`): each good build's pages indexed by Pagefind in a
/// scratch folder, on a thread of its own, so that a reload never waits for it. While an index is
/// being made the last one is served, and `indexing` is true (the search page says its results
/// may be stale); builds that come meanwhile are indexed once, the newest.
public final class SearchPreview: @unchecked Sendable {
    public let pagefind: Pagefind
    private let lock = NSLock()
    /// The bundle of the last index made, by path below the site (`pagefind/...`).
    private var bundle: [String: [UInt8]] = [:]
    private var running = false
    private var waiting: (files: [OutputFile], parts: Int)?
    private var lastFailure: String?

    public init(pagefind: Pagefind) {
        self.pagefind = pagefind
    }

    /// Indexes `files` (a whole built site; only its HTML is read) in the background, in
    /// `parts` parts (`Pagefind.partCount`), as its search page says.
    public func index(_ files: [OutputFile], parts: Int = 1) {
        let start: Bool = lock.withLock {
            waiting = (files, parts)
            if running { return false }
            running = true
            return true
        }
        guard start else { return }
        Thread.detachNewThread { [self] in
            Self.yieldToOthers()
            while let next = lock.withLock({ () -> (files: [OutputFile], parts: Int)? in
                defer { waiting = nil }
                if waiting == nil { running = false }
                return waiting
            }) {
                var failure: String?
                do {
                    let made = try pagefind.index(next.files, parts: next.parts, yielding: true)
                    lock.withLock { bundle = Dictionary(made.map { ($0.path, $0.bytes) }, uniquingKeysWith: { $1 }) }
                } catch let error as Pagefind.Failure {
                    failure = ([error.message] + error.output).joined(separator: "\n")
                } catch {
                    failure = "cannot run Pagefind '\(pagefind.executable)': \(error)"
                }
                let previous = lock.withLock { () -> String? in
                    defer { lastFailure = failure }
                    return lastFailure
                }
                Self.tell(failure, after: previous)
            }
        }
    }

    /// A failure is said in the terminal too (once, however many edits fail the same way), and
    /// so is the index made again after one: the search page says it, but it may not be open.
    private static func tell(_ failure: String?, after previous: String?) {
        guard failure != previous else { return }
        var text: String
        if let failure {
            let lines = failure.split(separator: "\n", omittingEmptySubsequences: false)
            text = "gen: error: the search index could not be made: " + lines[0] + "\n"
            for line in lines.dropFirst() { text += "note: " + line + "\n" }
            text += "note: the preview's search shows the last index made, if any; the next edit tries again\n"
        } else {
            text = "gen: the search index is made again\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// This thread at the lowest priority: the preview's rebuilds and replies come before its
    /// writing of the pages for Pagefind (Linux: a thread has its own nice value).
    private static func yieldToOthers() {
        #if os(Linux)
        // 0: the calling thread (on Linux, not the whole process).
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        #endif
    }

    /// A file of the last index made (`pagefind/...`), nil when there is none at `path`.
    public func file(_ path: String) -> [UInt8]? {
        lock.withLock { bundle[path] }
    }

    /// The state as JSON, for the search page: `{"indexing":false,"ready":true,"failure":null}`.
    public var statusJSON: String {
        lock.withLock { Self.status(indexing: running, ready: !bundle.isEmpty, failure: lastFailure) }
    }

    /// The state of a preview without search (Pagefind not found or search off).
    public static let noIndexJSON = status(indexing: false, ready: false, failure: nil)

    private static func status(indexing: Bool, ready: Bool, failure: String?) -> String {
        JSONValue.object([("indexing", .bool(indexing)), ("ready", .bool(ready)),
                          ("failure", failure.map { .string($0) } ?? .null)]).serialized()
    }
}
