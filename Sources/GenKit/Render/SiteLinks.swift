import Foundation
import Markdown

/// The links authors write in Markdown that lead into the site: from its root
/// (`[the method](/methodology/)`), or to another document's Markdown file
/// (`[the plan](harbour-plan.md)`, `[about us](../pages/about.md#team)`), which leads to that
/// document's page, as in a Markdown editor or on a code host. gen makes both relative to the
/// page they are on, so that the output works under any subpath.
struct SiteLinks: Sendable {
    struct Document: Sendable {
        var outputPath: String
        var published: Bool
    }

    /// Every article and page by its source path ("content/articles/harbour-plan.md").
    let documents: [String: Document]

    static let none = SiteLinks(documents: [:])

    init(documents: [String: Document]) {
        self.documents = documents
    }

    /// `published` and `unpublished` documents (drafts, articles dated later) by source path.
    init(published: [Article], unpublished: [String: String]) {
        var documents: [String: Document] = [:]
        documents.reserveCapacity(published.count + unpublished.count)
        for (path, outputPath) in unpublished { documents[path] = Document(outputPath: outputPath, published: false) }
        for article in published { documents[article.path] = Document(outputPath: article.outputPath, published: true) }
        self.documents = documents
    }

    /// Whether Markdown `source` may hold such a link (`](/`, `]: /` or `.md`): a test of its
    /// bytes before a walk of the tree (a scan for `.` is quick: few words end a sentence in one).
    static func mayRewrite(_ source: String) -> Bool {
        var source = source
        return source.withUTF8 { bytes -> Bool in
            guard bytes.count > 2, let base = bytes.baseAddress else { return false }
            let end = base + bytes.count
            var at = base
            while at < end, let found = memchr(at, 0x2E, end - at) {  // "."
                let dot = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                if end - dot > 2 && dot[1] | 0x20 == 0x6D && dot[2] | 0x20 == 0x64 { return true }  // ".md", any case
                at = dot + 1
            }
            at = base
            while at < end, let found = memchr(at, 0x5D, end - at) {  // "]"
                let bracket = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                let rest = end - bracket
                if rest > 2 && bracket[1] == 0x28 && bracket[2] == 0x2F { return true }  // "](/"
                if rest > 3 && bracket[1] == 0x3A && bracket[2] == 0x20 && bracket[3] == 0x2F { return true }  // "]: /"
                at = bracket + 1
            }
            return false
        }
    }

    /// Rewrites the links of `tree`, the Markdown of the file at `path` (its first line
    /// `bodyLine` of the file) shown on a page `root` below the site's root ("../../"). A link
    /// to a Markdown file that is no document of the site is an error; to a document this build
    /// does not publish, a warning.
    func rewrite(_ tree: MarkdownDocument, path: String, bodyLine: Int, root: String) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        tree.rewriteLinks { link in
            let url = link.url
            let external = url.hasPrefix("//") || url.prefix(while: { $0 != "/" }).contains(":")
            guard !external else { return nil }
            var file = url, rest = ""
            if let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) {
                file = String(url[..<cut])
                rest = String(url[cut...])
            }
            file = file.removingPercentEncoding ?? file
            guard file.lowercased().hasSuffix(".md") else {
                guard url.hasPrefix("/") else { return nil }
                let relative = root + url.dropFirst()
                return relative.isEmpty ? "./" : relative
            }
            // From the file's folder, or from the content folder for "/articles/x.md".
            let looked = ImageResolver.normalized(file.hasPrefix("/") ? "content" + file : folder + "/" + file)
            let location = SourceLocation(path, line: bodyLine + link.line - 1, column: link.column)
            guard let looked, let document = documents[looked] else {
                // Written as the link was: from the same folder.
                let written = file.lastIndex(of: "/").map { String(file[...$0]) } ?? ""
                let close = looked.flatMap { Suggestions.closeFile(to: $0, among: documents.keys) }.map { written + $0 }
                diagnostics.error("link to '\(url)' leads to no article or page", at: location, notes: [
                    .init("looked for \(looked ?? file)"),
                    .init(close.map { "did you mean '\($0)'?" } ?? "link to an article's or a page's Markdown file, from this file's folder"),
                ])
                return nil
            }
            if !document.published {
                diagnostics.warning("link to '\(url)' leads to a draft or an article dated later: it leads nowhere in this build",
                                    at: location, notes: [.init("it will lead to its page once \(looked) is published")])
            }
            return root + document.outputPath + rest
        }
        return diagnostics
    }
}
