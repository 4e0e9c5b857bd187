import ByteText
import Foundation

/// Checks that every internal link and `#fragment` in the built HTML resolves to a file and an
/// `id` of the output, and that no page gives one id to two elements (a link to it would lead
/// to the first): what `gen check` adds to the build's own validation.
public struct LinkChecker: Sendable {
    public var basePath: String
    public var jobs: Int

    public init(basePath: String, jobs: Int) {
        self.basePath = basePath
        self.jobs = jobs
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
                let location = SourceLocation(file.path, line: link.line, column: link.column)
                let notes: [Diagnostic.Note] = file.source.map { [.init("the page is made from \($0)")] } ?? []
                var targetPath = target
                if !allPaths.contains(targetPath) {
                    let asFolder = (targetPath.isEmpty || targetPath.hasSuffix("/") ? targetPath : targetPath + "/") + "index.html"
                    guard allPaths.contains(asFolder) else {
                        diagnostics.append(.error("broken link '\(link.url)': no page at '\(target)'", at: location, notes: notes))
                        continue
                    }
                    targetPath = asFolder
                }
                if let fragment, !fragment.isEmpty, let page = pageByPath[targetPath], page.ids[fragment] == nil {
                    diagnostics.append(.error("broken link '\(link.url)': no element with id '\(fragment)' in '\(targetPath)'",
                                              at: location, notes: notes))
                }
            }
        }
        return diagnostics
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
            fragment = percentDecode(String(rest[rest.index(after: hash)...]))
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
        return (percentDecode(segments.joined(separator: "/")), fragment)
    }

    func percentDecode(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var utf8 = Array(s.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "%"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
