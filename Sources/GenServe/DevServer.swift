import Foundation
import GenKit
import ByteText

/// `gen serve`: the site built into memory and served from there (never the user's public/),
/// rebuilt when its files change, with a live-reload script in every HTML page it serves, an
/// overlay with the diagnostics when a change does not build, and a notice of the fact checks
/// whose claim changed since the last `gen build` (which its next one would refuse).
public final class DevServer: @unchecked Sendable {
    public let options: BuildOptions
    private let lock = NSLock()
    /// The last good build, by path.
    private var files: [String: [UInt8]] = [:]
    /// The diagnostics of the last build, when it failed.
    private var failure: [String]?
    /// Pages changed while the site did not build: everything is rendered again on recovery.
    private var missedUpdates = false
    /// The fact checks whose claim, sentence or place changed (`Diagnostic.verdictAtRisk`), as
    /// printed, by the slug of their document: since the last `gen build`, or, for a document
    /// it does not have, since the preview's last rendering of it.
    private var atRisk: [String: (lines: [String], sinceLastBuild: Bool)] = [:]
    /// Documents rendered again by updates that failed since the last good one, and those of them
    /// compared with the last `gen build`: their fact checks at risk are taken at the next good one.
    private var pending: (documents: Set<String>, comparedWithLastBuild: Set<String>) = ([], [])
    /// The pages listening for events, by number.
    private var listeners: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
    private var nextListener = 0
    private var session: SiteSession
    /// The search index, when the site is indexed (Pagefind found): made after each good build.
    private var search: SearchPreview?

    /// The path of the event stream the pages listen to.
    public static let eventsPath = "/__gen/events"
    /// At most this many pages listen at once; a page above it gets 503 (and no live reload).
    public static let maximumListeners = 64
    /// Events kept for a page that has not taken the earlier ones yet (the newest are kept).
    static let eventsKept = 8
    /// Whether the search index is being made again (the search page asks).
    public static let searchPath = "/__gen/search"

    /// The path the site is served under ("/review/"; "/" for the root): that of its address.
    public let basePath: String

    public init(options: BuildOptions, basePath: String = "/") {
        self.options = options
        self.session = SiteSession(options: options)
        let basePath = Self.unreservedDecoded(basePath)
        self.basePath = basePath.hasSuffix("/") ? basePath : basePath + "/"
    }

    /// Builds the whole site. The pages are made and gathered before the server's lock is taken,
    /// so that requests are answered meanwhile from the last build.
    public func build() -> BuildResult {
        let fresh = SiteSession(options: options)
        let result = SiteBuilder(options: options).build(into: .memory, session: fresh)
        if result.succeeded {
            let built = Dictionary(uniqueKeysWithValues: result.unsortedFiles.map { ($0.path, $0.bytes) })
            let indexer = lock.withLock { () -> SearchPreview? in
                session = fresh
                files = built
                failure = nil
                missedUpdates = false
                atRisk = Self.verdictsAtRisk(in: result.diagnostics).mapValues { ($0, true) }
                pending = ([], [])
                search = fresh.pagefind.map { pagefind in
                    search?.pagefind.executable == pagefind.executable ? search! : SearchPreview(pagefind: pagefind)
                }
                return search
            }
            if let indexer {
                let unsearched = fresh.unsearchedPages
                indexer.index(result.unsortedFiles.filter { !unsearched.contains($0.path) }, parts: fresh.searchParts)
            }
        } else {
            let shown = result.diagnostics.sorted.map(\.rendered)
            lock.withLock {
                session = fresh
                failure = shown
                missedUpdates = true
            }
        }
        return result
    }

    /// What a rebuild did: its one line for the terminal and its diagnostics.
    public struct Rebuild: Sendable {
        public var line: String
        public var diagnostics: DiagnosticList
        public var succeeded: Bool
        public var pages: Int
    }

    /// Rebuilds after `changed` (site-relative paths): only the pages they touch when only
    /// articles and notes changed, else the whole site. Then tells the pages.
    public func rebuild(_ changed: [String]) -> Rebuild {
        let start = ContinuousClock.now
        // Name what the writer changed, not an editor's temporary files gone again.
        let named = changed.filter { !SiteSession.isLeftover($0, in: options.siteDirectory) }
        let shown = named.isEmpty ? changed : named
        let what = shown.count == 1 ? shown[0] : "\(shown.count) files"
        var pages = 0
        var diagnostics: DiagnosticList
        var succeeded: Bool
        let current = lock.withLock { session }
        if let update = current.update(changed) {
            diagnostics = current.diagnostics
            succeeded = !diagnostics.hasErrors
            if succeeded {
                // Updates skipped while the site did not build: every page is rendered again
                // (outside the lock, as a whole build is).
                let all = lock.withLock { missedUpdates } ? current.renderAll() : nil
                let rendered = all.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.path, $0.bytes) }) }
                let (served, indexer) = lock.withLock { () -> ([String: [UInt8]], SearchPreview?) in
                    if let rendered {
                        files = rendered
                    } else {
                        for file in update.files { files[file.path] = file.bytes }
                        for path in update.removed { files[path] = nil }
                    }
                    failure = nil
                    missedUpdates = false
                    // The documents rendered again (now, or by updates that failed since) say anew
                    // which of their fact checks changed.
                    let found = Self.verdictsAtRisk(in: diagnostics)
                    let compared = pending.comparedWithLastBuild.subtracting(update.documents).union(update.comparedWithLastBuild)
                    for slug in pending.documents.union(update.documents) {
                        atRisk[slug] = found[slug].map { ($0, compared.contains(slug)) }
                    }
                    pending = ([], [])
                    return (files, search)
                }
                pages = all?.count ?? update.files.count
                if let indexer {
                    let unsearched = current.unsearchedPages
                    indexer.index(served.filter { !unsearched.contains($0.key) }.map { OutputFile(path: $0.key, bytes: $0.value, source: nil) },
                                  parts: current.searchParts)
                }
            } else {
                let shown = diagnostics.sorted.map(\.rendered)
                lock.withLock {
                    failure = shown
                    missedUpdates = true
                    pending.comparedWithLastBuild = pending.comparedWithLastBuild.subtracting(update.documents)
                        .union(update.comparedWithLastBuild)
                    pending.documents.formUnion(update.documents)
                }
            }
        } else {
            let result = build()
            diagnostics = result.diagnostics
            succeeded = result.succeeded
            pages = result.unsortedFiles.count
        }
        let milliseconds = Self.milliseconds(since: start)
        let line: String
        if succeeded {
            broadcast(event: "reload", data: String(pages))
            line = "gen: \(what) changed: \(pages) page\(pages == 1 ? "" : "s") rebuilt in \(milliseconds) ms"
        } else {
            broadcast(event: "failed", data: Self.jsonArray(lock.withLock { failure } ?? []))
            line = "gen: \(what) changed: the build failed with \(diagnostics.errorCount) error"
                + "\(diagnostics.errorCount == 1 ? "" : "s") in \(milliseconds) ms; still serving the last good build"
        }
        return Rebuild(line: line, diagnostics: diagnostics, succeeded: succeeded, pages: pages)
    }

    /// The diagnostics of fact checks at risk in `diagnostics`, by the slug of their document.
    static func verdictsAtRisk(in diagnostics: DiagnosticList) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for diagnostic in diagnostics.sorted {
            guard let note = diagnostic.verdictAtRisk?.note else { continue }
            found[String(note.prefix { $0 != "#" }), default: []].append(diagnostic.rendered)
        }
        return found
    }

    /// The fact checks at risk, as printed, in the order of their documents' slugs: those
    /// compared with the last `gen build`, and those compared with the preview's last rendering.
    var verdictsAtRisk: (sinceLastBuild: [String], sinceLastEdit: [String]) {
        lock.withLock {
            let slugs = atRisk.keys.sorted()
            return (slugs.filter { atRisk[$0]!.sinceLastBuild }.flatMap { atRisk[$0]!.lines },
                    slugs.filter { !atRisk[$0]!.sinceLastBuild }.flatMap { atRisk[$0]!.lines })
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    // MARK: requests

    /// What a request gets: a page (or an error), or the event stream.
    public enum Reply: Sendable {
        case page(Page)
        case events
    }

    /// A response with its whole body.
    public struct Page: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// The answer to `method` on `target` (the path as sent, without query or fragment, still
    /// percent-encoded), from the last good build in memory.
    public func reply(method: String, target: String) -> Reply {
        // `/%7Elab/` is `/~lab/`: escapes of characters a path needs none for are read first.
        let target = Self.unreservedDecoded(target)
        guard method == "GET" || method == "HEAD" else {
            return .page(Page(status: 405, headers: [("Allow", "GET, HEAD")], body: Array("method not allowed\n".utf8)))
        }
        if target == Self.eventsPath { return .events }
        if target == Self.searchPath {
            let status = lock.withLock { search }?.statusJSON ?? SearchPreview.noIndexJSON
            return .page(Page(status: 200, headers: [("Content-Type", "application/json")] + Self.noCache, body: Array(status.utf8)))
        }
        // A site served under a path: the root and the path without its slash lead there;
        // anything else outside it is not the site's (its 404 page).
        if basePath != "/" && (target == "/" || target + "/" == basePath) {
            return .page(Page(status: 302, headers: [("Location", basePath)] + Self.noCache))
        }
        // (A target that is no path at all is refused by `resolve`, as at the root.)
        let outside = target.hasPrefix("/") && !target.hasPrefix(basePath)
        guard let path = outside ? "" : Self.resolve("/" + target.dropFirst(basePath.count)) else {
            return .page(Page(status: 400, body: Array("bad path\n".utf8)))
        }
        // No good build yet: every page is the diagnostics, and reloads when they are fixed.
        if let errors = lock.withLock({ files.isEmpty ? failure : nil }) {
            return .page(Page(status: 500, headers: [("Content-Type", "text/html; charset=utf-8")] + Self.noCache,
                              body: Self.errorPage(errors)))
        }
        let (found, redirect, notFound) = lock.withLock { () -> ([UInt8]?, Bool, [UInt8]?) in
            if outside { return (nil, false, files["404.html"]) }
            let key = path.isEmpty ? "index.html" : (path.hasSuffix("/") ? path + "index.html" : path)
            if let bytes = files[key] ?? search?.file(key) { return (bytes, false, nil) }
            if !path.isEmpty, !path.hasSuffix("/"), files[path + "/index.html"] != nil { return (nil, true, nil) }
            return (nil, false, files["404.html"])
        }
        if redirect {
            return .page(Page(status: 301, headers: [("Location", target + "/")] + Self.noCache))
        }
        let key = path.isEmpty || path.hasSuffix("/") ? "index.html" : path
        if let found {
            return .page(Page(status: 200, headers: [("Content-Type", Self.contentType(key))] + Self.noCache,
                              body: Self.withReloadScript(found, type: Self.contentType(key), notice: verdictsAtRisk)))
        }
        let body = notFound.map { Self.withReloadScript($0, type: "text/html", notice: verdictsAtRisk) } ?? Array("not found\n".utf8)
        return .page(Page(status: 404, headers: [("Content-Type", "text/html; charset=utf-8")] + Self.noCache, body: body))
    }

    /// `target` with each percent-escape of an unreserved character (letters, digits, `-`, `_`,
    /// `~`) replaced by that character, as RFC 3986 normalizes a URI: the same path however a
    /// client wrote it. Other escapes stay (`resolve` reads them, and refuses `%2e%2e`).
    static func unreservedDecoded(_ target: String) -> String {
        PercentEscapes.decoded(target) { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x7E
        }
    }

    static let noCache = [("Cache-Control", "no-cache, no-store, must-revalidate"), ("X-Content-Type-Options", "nosniff")]

    /// The request target as a path below the site root ("" for the root, "x/" for a folder),
    /// or nil when it is not one: bad percent-encoding, NUL, backslashes, `.` or `..` segments
    /// (also when encoded, `%2e%2e`). Files are served from memory, so no link on disk can lead
    /// outside the site either.
    public static func resolve(_ target: String) -> String? {
        guard target.hasPrefix("/"), let decoded = target.removingPercentEncoding else { return nil }
        guard !decoded.contains("\\"), !decoded.contains("\0") else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        let path = segments.joined(separator: "/")
        return path.isEmpty ? "" : (decoded.hasSuffix("/") ? path + "/" : path)
    }

    static func contentType(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "jsonld": return "application/ld+json"
        case "xml": return name == "feed.xml" ? "application/atom+xml" : "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "pdf": return "application/pdf"
        case "txt", "md": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    /// The script that reloads the page after a good rebuild and shows an overlay with the
    /// diagnostics after a failed one. Only `gen serve` adds it; `gen build` never does.
    static let reloadScript = """
    <script data-gen-serve>/* gen serve: live reload; not part of gen build's output */
    (function () {
      var events = new EventSource("\(eventsPath)");
      function overlay(lines) {
        var box = document.getElementById("gen-serve-overlay");
        if (!box) {
          box = document.createElement("div");
          box.id = "gen-serve-overlay";
          box.setAttribute("role", "alert");
          box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
            "background:#18181b;color:#fafafa;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
          document.body.appendChild(box);
        }
        box.textContent = "gen serve: the last change does not build; this page is the last good build.\\n\\n" + lines.join("\\n");
      }
      events.addEventListener("reload", function () { location.reload(); });
      events.addEventListener("failed", function (e) { overlay(JSON.parse(e.data)); });
    })();
    </script>

    """

    /// The page shown while the site has never built: its diagnostics, and the reload script.
    static func errorPage(_ lines: [String]) -> [UInt8] {
        let html = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>gen serve: the site does not build</title>\n</head>\n"
            + "<body style=\"font:15px/1.5 system-ui,sans-serif;margin:2rem\">\n<h1>The site does not build yet</h1>\n"
            + "<p>Fix these and this page reloads by itself.</p>\n<pre style=\"white-space:pre-wrap\">"
            + HTMLEscape.escape(lines.joined(separator: "\n")) + "</pre>\n</body>\n</html>\n"
        return withReloadScript(Array(html.utf8), type: "text/html")
    }

    /// The notice of fact checks at risk (`atRisk`), shown at the foot of every page until the
    /// article or the note is mended (or a `gen build --accept-claim-changes` has published them).
    static func notice(_ atRisk: (sinceLastBuild: [String], sinceLastEdit: [String])) -> String {
        guard !atRisk.sinceLastBuild.isEmpty || !atRisk.sinceLastEdit.isEmpty else { return "" }
        func part(_ lines: [String], _ since: String) -> String {
            guard !lines.isEmpty else { return "" }
            let count = lines.count == 1 ? "a fact check" : "\(lines.count) fact checks"
            return "gen serve: the claim, sentence or place of \(count) changed \(since).\n\n" + lines.joined(separator: "\n\n") + "\n\n"
        }
        let text = part(atRisk.sinceLastBuild, "since the last gen build (public/); gen build stops until each is read again")
            + part(atRisk.sinceLastEdit, "with the last edit (no gen build in public/ has its article to compare with)")
        return "<div id=\"gen-serve-notice\" role=\"status\" data-gen-serve style=\"position:fixed;left:0;right:0;bottom:0;"
            + "z-index:2147483646;max-height:40vh;overflow:auto;padding:.75rem 1rem;background:#7c2d12;color:#fff;"
            + "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap\">"
            + "<button type=\"button\" aria-label=\"Hide this notice\" onclick=\"this.parentNode.remove()\" "
            + "style=\"float:right;min-width:24px;min-height:24px;font:inherit;cursor:pointer\">\u{00D7}</button>"
            + HTMLEscape.escape(String(text.dropLast(2))) + "</div>\n"
    }

    static func withReloadScript(_ bytes: [UInt8], type: String, notice atRisk: (sinceLastBuild: [String], sinceLastEdit: [String]) = ([], []))
        -> [UInt8] {
        guard type.hasPrefix("text/html") else { return bytes }
        let script = Array((notice(atRisk) + reloadScript).utf8)
        let close = Array("</body>".utf8)
        if bytes.count >= close.count {
            var i = bytes.count - close.count
            while i >= 0 {
                if bytes[i] == close[0], Array(bytes[i..<(i + close.count)]) == close {
                    return Array(bytes[..<i]) + script + Array(bytes[i...])
                }
                i -= 1
            }
        }
        return bytes + script
    }

    // MARK: the event stream

    /// A new page listening: the events it is sent, from `retry:` on (and the diagnostics, when
    /// the site does not build now); nil when `maximumListeners` pages listen already. Ending
    /// the stream's iteration (the page went away) removes the page.
    public func listen() -> AsyncStream<[UInt8]>? {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(Self.eventsKept))
        let accepted = lock.withLock { () -> (Int, [String]?)? in
            guard listeners.count < Self.maximumListeners else { return nil }
            let number = nextListener
            nextListener += 1
            listeners[number] = continuation
            return (number, failure)
        }
        guard let (number, failed) = accepted else { return nil }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.listeners.removeValue(forKey: number) }
        }
        continuation.yield(Array("retry: 1000\n\n".utf8))
        if let failed { continuation.yield(Self.event("failed", data: Self.jsonArray(failed))) }
        return stream
    }

    /// Sends an event to every page listening. A page that has not taken the last events yet
    /// keeps the newest few; nobody waits for it.
    func broadcast(event: String, data: String) {
        let bytes = Self.event(event, data: data)
        for listener in lock.withLock({ Array(listeners.values) }) { listener.yield(bytes) }
    }

    static func event(_ name: String, data: String) -> [UInt8] {
        Array("event: \(name)\ndata: \(data)\n\n".utf8)
    }

    static func jsonArray(_ lines: [String]) -> String {
        JSONValue.array(lines.map { .string($0) }).serialized()
    }
}
