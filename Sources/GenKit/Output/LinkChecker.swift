import ByteText
import Foundation

/// Checks that every internal link and `#fragment` in the built HTML resolves to a file and an
/// `id` of the output, and that no page gives one id to two elements (a link to it would lead
/// to the first): what `gen check` adds to the build's own validation.
public struct LinkChecker: Sendable {
    public var basePath: String
    public var jobs: Int
    /// Reads a page's source file (a document's Markdown, by its site path), so that a broken
    /// link its author wrote is reported where it is written; nil: at the page.
    public var readSource: (@Sendable (String) -> [UInt8]?)?

    public init(basePath: String, jobs: Int, readSource: (@Sendable (String) -> [UInt8]?)? = nil) {
        self.basePath = basePath
        self.jobs = jobs
        self.readSource = readSource
    }

    struct Page: Sendable {
        /// Each id, with where the first element that has it is: its line, and the byte offsets
        /// of the line's start and of the attribute (its column is counted only when an id is
        /// given again: most pages give none twice, and have hundreds).
        var ids: [String: (line: Int, lineStart: Int, at: Int)] = [:]
        var links: [(url: String, line: Int, column: Int)] = []
        /// An id given again, where.
        var repeated: [(id: String, line: Int, column: Int)] = []
    }

    public func check(_ files: [OutputFile]) -> [Diagnostic] {
        let htmlIndices = files.indices.filter { files[$0].path.hasSuffix(".html") }
        let pages = parallelMap(htmlIndices.count, jobs: jobs) { i in Self.scan(files[htmlIndices[i]].bytes) }
        var pageByPath: [String: Page] = [:]
        for (n, i) in htmlIndices.enumerated() { pageByPath[files[i].path] = pages[n] }
        let allPaths = Set(files.map(\.path))
        var diagnostics: [Diagnostic] = []
        // The folders pages are at ("methodology/"), for a suggestion; made at the first miss.
        var folders: [String]?
        var sources: [String: [UInt8]] = [:]
        /// How many places of each form of a link its page's source has given so far: the same
        /// link broken twice is reported at its first place, then its second.
        var used: [String: Int] = [:]
        /// Links reported at their page, not found in its source (a note's, a template's): a note
        /// is on its page twice (in the margin and in the list), and said once.
        var reportedAtPage = Set<String>()
        /// Whether each link to a Markdown file on a page is its source's (the build reported it).
        var markdownLinks: [String: Bool] = [:]
        /// Links found in a note's file, by page: a note is on its page twice, and said once.
        var reportedInNotes = Set<String>()
        /// Where the page's source, or else one of its notes' files, has `forms` of a link, past
        /// the ones given already: the file, and the place there.
        func written(_ forms: [String], in file: OutputFile) -> (source: String, line: Int, column: Int, written: String)? {
            guard let read = readSource else { return nil }
            for source in (file.source.map { [$0] } ?? []) + file.noteSources {
                if sources[source] == nil { sources[source] = read(source) ?? [] }
                let key = source + "\u{0}" + forms.joined(separator: "\u{0}")
                guard let place = Self.find(forms, in: sources[source]!, skipping: used[key] ?? 0) else { continue }
                used[key, default: 0] += 1
                return (source, place.line, place.column, place.written)
            }
            return nil
        }
        /// "broken link 'URL': `problem`" at the link as its author wrote it in the page's source,
        /// when it is found there (`forms`: the forms it may have there), else at the page.
        func report(_ problem: String, link: (url: String, line: Int, column: Int), in file: OutputFile, written forms: [String],
                    suggestion: String? = nil) {
            let atPage = SourceLocation(file.path, line: link.line, column: link.column)
            var more: [Diagnostic.Note] = suggestion.map { [.init("did you mean '\($0)'?")] } ?? []
            let pageAndLink = file.path + "\u{0}" + link.url + "\u{0}" + problem
            if let place = written(forms, in: file) {
                if place.source != file.source { reportedInNotes.insert(pageAndLink) }
                diagnostics.append(.error("broken link '\(place.written)': \(problem)",
                                          at: SourceLocation(place.source, line: place.line, column: place.column),
                                          notes: more + [.init("where the page has it", at: atPage)]))
                return
            }
            guard !reportedInNotes.contains(pageAndLink), reportedAtPage.insert(file.path + "\u{0}" + link.url + "\u{0}" + problem).inserted else { return }
            if let source = file.source { more.append(.init("the page is made from \(source)")) }
            diagnostics.append(.error("broken link '\(link.url)': \(problem)", at: atPage, notes: more))
        }
        for (n, i) in htmlIndices.enumerated() {
            let file = files[i]
            for again in pages[n].repeated {
                let first = pages[n].ids[again.id]!
                let column = Self.column(file.bytes, lineStart: first.lineStart, at: first.at)
                diagnostics.append(.error("id '\(again.id)' is given to two elements of the page: a link to #\(again.id) leads to the first",
                                          at: SourceLocation(file.path, line: again.line, column: again.column),
                                          notes: [.init("the first is at line \(first.line), column \(column)")]
                                              + (file.source.map { [.init("the page is made from \($0)")] } ?? [])))
            }
            for link in pages[n].links {
                guard let (target, fragment) = resolve(link.url, from: file.path) else { continue }
                // A Markdown link to a Markdown file that is no document was reported by the
                // build, where it is written (a link in raw HTML was not).
                if target.lowercased().hasSuffix(".md") {
                    let key = file.path + "\u{0}" + link.url
                    if markdownLinks[key] == nil { markdownLinks[key] = written([link.url], in: file) != nil }
                    if markdownLinks[key]! { continue }
                }
                // As an author may have written it: as it is, or from the site's root.
                let rootForm = "/" + target + (fragment.map { "#" + $0 } ?? "")
                var targetPath = target
                if !allPaths.contains(targetPath) {
                    let asFolder = (targetPath.isEmpty || targetPath.hasSuffix("/") ? targetPath : targetPath + "/") + "index.html"
                    guard allPaths.contains(asFolder) else {
                        if folders == nil {
                            folders = allPaths.filter { $0.hasSuffix("index.html") }.map { String($0.dropLast("index.html".count)) }.sorted()
                        }
                        // A page's Markdown links from the site's root ("/methodology/"); a
                        // template's, by site path.
                        let close = Self.closeFolder(to: target, among: folders!)
                        report("no page at '\(target)'", link: link, in: file, written: [link.url, rootForm],
                               suggestion: close.map { file.source == nil ? $0 : "/" + $0 })
                        continue
                    }
                    targetPath = asFolder
                }
                if let fragment, !fragment.isEmpty, let page = pageByPath[targetPath], page.ids[fragment] == nil {
                    let ids = page.ids.keys.filter { !$0.isEmpty }.sorted()
                    report("no element with id '\(fragment)' in '\(targetPath)'", link: link, in: file,
                           written: [link.url, rootForm, ".md#" + fragment], suggestion: Suggestions.closest(to: fragment, in: ids, limit: 1, maxDistance: max(1, fragment.count / 4)).first
                                .map { "#" + $0 })
                }
            }
        }
        return diagnostics
    }

    /// The page folder beside `target` ("methodolgy/") whose name is closest to its own
    /// ("methodology/"), by a third of its letters at most; nil when none is, or the name is
    /// shorter than four letters.
    static func closeFolder(to target: String, among folders: [String]) -> String? {
        let parts = target.split(separator: "/")
        // A name of a few letters is a letter or two from too many others.
        guard let name = parts.last.map(String.init), name.count >= 4 else { return nil }
        let parent = parts.dropLast().map { $0 + "/" }.joined()
        let siblings = folders.filter { $0.hasPrefix(parent) && $0.dropFirst(parent.count).dropLast().allSatisfy { $0 != "/" } && $0 != parent }
        let names = siblings.map { String($0.dropFirst(parent.count).dropLast()) }
        return Suggestions.closest(to: name, in: names, limit: 1, maxDistance: max(1, name.count / 3)).first.map { parent + $0 + "/" }
    }

    /// Where the first of `forms` is written as a Markdown link's destination in `source` (after
    /// `](` or `]: `; a form starting with "." may end one), past its first `skipping` places:
    /// its line and column, from 1. Front matter and fenced code are not looked in.
    static func find(_ forms: [String], in source: [UInt8], skipping: Int = 0) -> (line: Int, column: Int, written: String)? {
        let hidden = unlinkedRanges(of: source)
        for form in forms where !form.isEmpty {
            let needle = Array(form.utf8)
            var i = 0, skipped = 0
            while let found = source.withUnsafeBufferPointer({ ByteSearch.find(needle, in: $0, from: i) }) {
                i = found + 1
                if hidden.contains(where: { $0.contains(found) }) { continue }
                let end = found + needle.count
                let opens = found >= 2 && ((source[found - 2] == 0x5D && source[found - 1] == 0x28)
                                            || (source[found - 1] == 0x20 && source[found - 2] == 0x3A))
                let closes = end == source.count || [0x29, 0x20, 0x0A, 0x0D, 0x22].contains(source[end])
                // ".md#x" ends a link to a Markdown file, whatever its name.
                guard (opens || form.hasPrefix(".md#")) && closes else { continue }
                guard skipped == skipping else { skipped += 1; continue }
                var start = found
                if form.hasPrefix(".md#") {
                    while start > 0, source[start - 1] != 0x28, source[start - 1] != 0x20, source[start - 1] != 0x0A { start -= 1 }
                }
                let lineStart = source[..<start].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let line = source[..<start].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                return (line, column(source, lineStart: lineStart, at: start), String(decoding: source[start..<end], as: UTF8.self))
            }
        }
        return nil
    }

    /// The parts of a Markdown file where no link is written: its front matter, and its fenced
    /// code blocks (from a line of three backticks or tildes to the next such line).
    static func unlinkedRanges(of source: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var lineStart = 0, fenceStart: Int?, fence: UInt8 = 0
        var frontMatter = source.starts(with: Array("---\n".utf8)) || source.starts(with: Array("+++\n".utf8))
        while lineStart < source.count {
            let lineEnd = source[lineStart...].firstIndex(of: 0x0A).map { $0 + 1 } ?? source.count
            let line = source[lineStart..<lineEnd].drop { $0 == 0x20 }
            if frontMatter {
                if lineStart > 0, line.starts(with: Array("---".utf8)) || line.starts(with: Array("+++".utf8)) {
                    ranges.append(0..<lineEnd)
                    frontMatter = false
                }
            } else if let start = fenceStart {
                if line.prefix(3).allSatisfy({ $0 == fence }) && line.count >= 3 {
                    ranges.append(start..<lineEnd)
                    fenceStart = nil
                }
            } else if line.count >= 3, let first = line.first, first == 0x60 || first == 0x7E, line.prefix(3).allSatisfy({ $0 == first }) {
                fenceStart = lineStart
                fence = first
            }
            lineStart = lineEnd
        }
        if let start = fenceStart { ranges.append(start..<source.count) }
        return ranges
    }

    /// The output path and fragment a link points at, or nil for external and non-page links.
    func resolve(_ url: String, from page: String) -> (String, String?)? {
        if url.hasPrefix("//") { return nil }
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/"), !url[..<colon].contains("#") {
            return nil // a scheme: https:, mailto:, data:, ...
        }
        var rest = Substring(url)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = PercentEscapes.decoded(String(rest[rest.index(after: hash)...]))
            rest = rest[..<hash]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        var segments: [Substring]
        if rest.hasPrefix("/") {
            guard rest.hasPrefix(basePath) else { return ("\(rest)", fragment) }
            segments = []
            rest = rest.dropFirst(basePath.count)
        } else if rest.isEmpty {
            return (page, fragment)
        } else {
            segments = page.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        for (i, part) in parts.enumerated() {
            switch part {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            case "" where i == parts.count - 1: segments.append("")
            case "": continue
            default: segments.append(part)
            }
        }
        return (PercentEscapes.decoded(segments.joined(separator: "/")), fragment)
    }

    /// The column (from 1, in characters) of the byte at `at` of a line starting at `lineStart`.
    static func column(_ bytes: [UInt8], lineStart: Int, at: Int) -> Int {
        String(decoding: bytes[lineStart..<at], as: UTF8.self).unicodeScalars.count + 1
    }

    /// The `id`, `href` and `src` attribute values of an HTML page, with lines and columns.
    static func scan(_ bytes: [UInt8]) -> Page {
        var page = Page()
        var line = 1, lineStart = 0
        var i = 0
        let n = bytes.count
        func matches(_ word: [UInt8], at j: Int) -> Bool {
            guard j + word.count <= n else { return false }
            for k in 0..<word.count where bytes[j + k] | 0x20 != word[k] { return false }
            return true
        }
        let names: [[UInt8]] = [Array("id=\"".utf8), Array("href=\"".utf8), Array("src=\"".utf8)]
        while i < n {
            let byte = bytes[i]
            if byte == 10 { line += 1; lineStart = i + 1; i += 1; continue }
            if byte == 32 || byte == 10 || byte == 9, i + 1 < n {
                for (kind, name) in names.enumerated() where matches(name, at: i + 1) {
                    let start = i + 1 + name.count
                    var end = start
                    while end < n, bytes[end] != UInt8(ascii: "\"") { end += 1 }
                    let value = HTMLEscape.unescape(String(decoding: bytes[start..<end], as: UTF8.self))
                    if kind == 0, page.ids[value] == nil {
                        page.ids[value] = (line, lineStart, i + 1)
                    } else if kind == 0 {
                        page.repeated.append((value, line, column(bytes, lineStart: lineStart, at: i + 1)))
                    } else {
                        page.links.append((value, line, column(bytes, lineStart: lineStart, at: i + 1)))
                    }
                    i = end
                    break
                }
            }
            i += 1
        }
        return page
    }
}
