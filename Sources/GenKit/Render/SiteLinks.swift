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

    /// Every article, page and entity by its source path ("content/articles/harbour-plan.md").
    let documents: [String: Document]

    static let none = SiteLinks(documents: [:])

    init(documents: [String: Document]) {
        self.documents = documents
    }

    /// `published` and `unpublished` documents (drafts, articles dated later) by source path,
    /// and the `entities`, whose files lead to their pages.
    init(published: [Article], unpublished: [String: String], entities: [Entity] = []) {
        var documents: [String: Document] = [:]
        documents.reserveCapacity(published.count + unpublished.count + entities.count)
        for (path, outputPath) in unpublished { documents[path] = Document(outputPath: outputPath, published: false) }
        for article in published { documents[article.path] = Document(outputPath: article.outputPath, published: true) }
        for entity in entities { documents[entity.path] = Document(outputPath: "entities/\(entity.slug)/", published: true) }
        self.documents = documents
    }

    /// Whether Markdown `source` may hold such a link (`](/`, `]: /` or `.md`): a test of its
    /// bytes (`memchr` from one `.` or `]` to the next) before a walk of the tree.
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
    /// does not publish, a warning, and its text stays without the link (it would lead nowhere).
    func rewrite(_ tree: MarkdownDocument, path: String, bodyLine: Int, root: String) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        guard Self.mayRewrite(tree.source) else { return diagnostics }
        let folder = SitePath.folder(of: path)
        tree.rewriteLinks { link -> MarkdownDocument.LinkChange? in
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
                return .address(relative.isEmpty ? "./" : relative)
            }
            // From the file's folder, or from the content folder for "/articles/x.md".
            let looked = ImageResolver.normalized(file.hasPrefix("/") ? "content" + file : folder + "/" + file)
            let location = SourceLocation(path, line: bodyLine + link.line - 1, column: link.column)
            guard let looked, let document = documents[looked] else {
                let close = looked.flatMap { suggestion(for: $0, written: file, from: folder) }
                diagnostics.error("link to '\(url)' leads to no article or page", at: location, notes: [
                    .init("looked for \(looked ?? file)"),
                    .init(close.map { "did you mean '\($0)'?" }
                          ?? "link to an article's, a page's or an entity's Markdown file: from this file's folder, or from content/ with a leading '/'"),
                ])
                return nil
            }
            guard document.published else {
                diagnostics.warning("link to '\(url)' leads to a draft or an article dated later: its text is shown without the link",
                                    at: location, notes: [.init("it will lead to its page once \(looked) is published")])
                return .unlinked
            }
            return .address(root + document.outputPath + rest)
        }
        return diagnostics
    }

    /// The document a link to `looked` (a site path, written `written` in a file of `folder`)
    /// most likely meant, written as such a link would be: a close name in the same folder, or
    /// the same or a close name in another.
    func suggestion(for looked: String, written: String, from folder: String) -> String? {
        if let close = Suggestions.closeFile(to: looked, among: documents.keys) {
            return (written.lastIndex(of: "/").map { String(written[...$0]) } ?? "") + close
        }
        let name = looked.split(separator: "/").last.map(String.init) ?? looked
        let paths = documents.keys.sorted()
        // An article that is a folder ("printing-press/index.md") for its name as a file.
        if name.lowercased().hasSuffix(".md"), case let bundle = "/" + name.dropLast(3) + "/index.md",
           let target = paths.first(where: { $0.hasSuffix(bundle) }) {
            return link(to: target, written: written, from: folder)
        }
        let names = paths.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        guard let match = names.firstIndex(of: name)
                ?? Suggestions.closest(to: name, in: names, limit: 1).first.flatMap({ names.firstIndex(of: $0) }) else { return nil }
        return link(to: paths[match], written: written, from: folder)
    }

    /// A link to the document at `target` from a file in `folder`, from the content folder when
    /// the link it replaces (`written`) was.
    func link(to target: String, written: String, from folder: String) -> String {
        if written.hasPrefix("/") { return "/" + target.dropFirst("content/".count) }
        // From the linking file's folder: up to the folders both share, then down.
        let from = folder.split(separator: "/"), to = target.split(separator: "/")
        let shared = zip(from, to).prefix { $0 == $1 }.count
        return String(repeating: "../", count: from.count - shared) + to[shared...].joined(separator: "/")
    }
}
