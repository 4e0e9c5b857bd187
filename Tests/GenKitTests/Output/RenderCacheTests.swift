import Foundation
@testable import GenKit
import TestSupport
import XCTest

/// A build that takes renderings from the render cache writes what a build that renders every
/// document writes, after every kind of edit, and takes from the cache exactly the documents
/// whose inputs did not change.
final class RenderCacheTests: XCTestCase {
    struct Edit {
        var name: String
        var change: (TemporarySite) throws -> Void
        /// Documents the next build should take from the cache.
        var cached: Int
        var options: (inout BuildOptions) -> Void = { _ in }
    }

    /// Builds `site` into one output folder after each edit (reading the cache the last build
    /// left) and into a new folder without the cache; the two outputs must be the same files.
    func assertCachedBuildsMatchFreshOnes(_ site: TemporarySite, documents: Int, edits: [Edit],
                                          file: StaticString = #filePath, line: UInt = #line) throws {
        let output = Self.output(of: site)
        defer { try? FileManager.default.removeItem(atPath: output); try? FileManager.default.removeItem(atPath: RenderCache.path(for: output)) }
        var options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        func build(into folder: String, cache: Bool) -> BuildResult {
            var these = options
            these.readRenderCache = cache
            return SiteBuilder(options: these).build(into: .folder(OutputWriter(outputDirectory: folder, jobs: 2)))
        }
        let first = build(into: output, cache: true)
        XCTAssertTrue(first.succeeded, "\(first.diagnostics.sorted.map(\.rendered))", file: file, line: line)
        XCTAssertEqual(first.cachedDocuments, 0, "a first build has no cache", file: file, line: line)
        let again = build(into: output, cache: true)
        XCTAssertEqual(again.cachedDocuments, documents, "an unchanged site takes every document from the cache", file: file, line: line)
        for edit in edits {
            try edit.change(site)
            edit.options(&options)
            // The build without the cache starts from the same last build (a copy of it, with its
            // record of the fact checks' verdicts): what it is compared with says as much as it.
            let freshFolder = output + "-fresh"
            let beside = [".gen-manifest", ".gen-verdicts"]
            defer {
                try? FileManager.default.removeItem(atPath: freshFolder)
                try? FileManager.default.removeItem(atPath: RenderCache.path(for: freshFolder))
                for suffix in beside { try? FileManager.default.removeItem(atPath: OutputWriter.beside(freshFolder, suffix: suffix)) }
            }
            try FileManager.default.copyItem(atPath: output, toPath: freshFolder)
            for suffix in beside where FileManager.default.fileExists(atPath: OutputWriter.beside(output, suffix: suffix)) {
                try FileManager.default.copyItem(atPath: OutputWriter.beside(output, suffix: suffix), toPath: OutputWriter.beside(freshFolder, suffix: suffix))
            }
            let cached = build(into: output, cache: true)
            let fresh = build(into: freshFolder, cache: false)
            XCTAssertEqual(fresh.cachedDocuments, 0, file: file, line: line)
            XCTAssertEqual(cached.cachedDocuments, edit.cached, "\(edit.name): documents taken from the cache", file: file, line: line)
            XCTAssertEqual(cached.diagnostics.sorted.map(\.rendered), fresh.diagnostics.sorted.map(\.rendered), "\(edit.name): diagnostics",
                           file: file, line: line)
            XCTAssertEqual(cached.succeeded, fresh.succeeded, file: file, line: line)
            guard fresh.succeeded else { continue }
            let left = Self.files(in: output), right = Self.files(in: freshFolder)
            XCTAssertEqual(left.keys.sorted(), right.keys.sorted(), "\(edit.name): the same files", file: file, line: line)
            for (path, bytes) in right where left[path] != bytes {
                XCTFail("\(edit.name): \(path) differs from a build without the cache", file: file, line: line)
            }
        }
    }

    /// Where `assertCachedBuildsMatchFreshOnes` builds `site`.
    static func output(of site: TemporarySite) -> String { site.directory + "-out" }

    static func files(in folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in LocalFileSystem().listRecursively(folder) {
            files[path] = FileManager.default.contents(atPath: folder + "/" + path)
        }
        return files
    }

    static func replace(_ path: String, _ old: String, _ new: String) -> (TemporarySite) throws -> Void {
        { site in
            let text = try site.read(path)
            XCTAssertTrue(text.contains(old), "\(path) has no '\(old)'")
            try site.write(path, text.replacingOccurrences(of: old, with: new))
        }
    }

    func testEveryKindOfInputEditMatchesABuildWithoutTheCache() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let article = "content/articles/labour-volunteers-us-election.md"
        let notes = "content/annotations/labour-volunteers-us-election.md"
        try site.write("content/articles/second.md", """
            ---
            title: A second article
            date: 2024-10-20
            ---

            Nigel Farage spoke on Monday [@fec-foreign-nationals]. The Labour Party did not reply.

            """)
        try site.write("content/sources.yaml", """
            - id: fec-foreign-nationals
              type: webpage
              title: "Foreign nationals"
              URL: https://www.fec.gov/

            """)
        try assertCachedBuildsMatchFreshOnes(site, documents: 2, edits: [
            Edit(name: "an article's text", change: Self.replace(article, "swift.", "swift, and loud."), cached: 1),
            Edit(name: "an article's title", change: Self.replace(article, "title: \"Labour staff", "title: \"Labour staffers"), cached: 1),
            Edit(name: "an article's tags (every page shows the tags' counts)",
                 change: Self.replace(article, "tags: [us-election-2024, uk-politics]", "tags: [us-election-2024]"), cached: 0),
            Edit(name: "a page of the output changed by hand", change: { site in
                let page = Self.output(of: site) + "/articles/second/index.html"
                try Data("changed".utf8).write(to: URL(fileURLWithPath: page))
            }, cached: 1),
            Edit(name: "a page of the output removed by hand", change: { site in
                try FileManager.default.removeItem(atPath: Self.output(of: site) + "/articles/second/index.html")
            }, cached: 1),
            Edit(name: "a note's verdict", change: Self.replace(notes, "verdict=false", "verdict=misleading"), cached: 1),
            Edit(name: "a note's quote no longer in its article",
                 change: Self.replace(notes, "> close to one hundred", "> close to two hundred"), cached: 1),
            Edit(name: "the quote restored", change: Self.replace(notes, "> close to two hundred", "> close to one hundred"), cached: 2),
            Edit(name: "a new annotation file", change: { site in
                try site.write("content/annotations/second-notes.md", """
                    ---
                    article: second
                    ---

                    > spoke on Monday

                    A note on the second article.

                    """)
            }, cached: 1),
            Edit(name: "an annotation file removed", change: { site in
                try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/second-notes.md")
            }, cached: 1),
            Edit(name: "an entity's alias", change: Self.replace("content/entities/labour-party.md", "aliases: [\"Labour\"]",
                                                                "aliases: [\"Labour\", \"the party\"]"), cached: 0),
            Edit(name: "a source's title", change: Self.replace("content/sources.yaml", "Foreign nationals", "Foreign nationals and elections"), cached: 0),
            Edit(name: "gen.toml", change: { site in try site.write("gen.toml", "title = \"Renamed\"\nlanguage = \"fr\"\n") }, cached: 0),
            Edit(name: "a template", change: { site in try site.write("templates/footer.mustache", "<footer>changed</footer>\n") }, cached: 0),
            Edit(name: "nothing", change: { _ in }, cached: 2),
            Edit(name: "the base URL option", change: { _ in }, cached: 0, options: { $0.baseURL = "https://example.net/sub/" }),
            Edit(name: "a new article", change: { site in
                try site.write("content/articles/third.md", "---\ntitle: Third\ndate: 2024-10-21\n---\n\nThe Labour Party met.\n")
            }, cached: 2),
            Edit(name: "an article removed", change: { site in
                try FileManager.default.removeItem(atPath: site.directory + "/content/articles/second.md")
            }, cached: 2),
        ])
    }

    func testImagesAndStaticFilesMatchABuildWithoutTheCache() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        let quay = site.directory + "/content/articles/harbour-photos/quay.png"
        let documents = try SiteBuilder(options: BuildOptions(siteDirectory: site.directory)).build().articleCount
            + XCTUnwrap(SiteBuilder(options: BuildOptions(siteDirectory: site.directory)).build().standaloneCount)
        try assertCachedBuildsMatchFreshOnes(site, documents: documents, edits: [
            Edit(name: "an image's size", change: { _ in
                var png = try XCTUnwrap(FileManager.default.contents(atPath: quay))
                png[19] = png[19] &+ 7  // the width's last byte in the PNG header
                try png.write(to: URL(fileURLWithPath: quay))
            }, cached: 0),
            Edit(name: "an image removed", change: { _ in try FileManager.default.removeItem(atPath: quay) }, cached: 0),
            Edit(name: "the image back", change: { _ in
                try FileManager.default.copyItem(atPath: Fixtures.path("sites/pages/content/articles/harbour-photos/quay.png"), toPath: quay)
            }, cached: 0),
            Edit(name: "a static file added", change: { site in try site.write("static/extra.txt", "x\n") }, cached: 0),
            Edit(name: "a menu page's title", change: Self.replace("content/pages/about.md", "About Harbour Weekly", "About us"), cached: 0),
            Edit(name: "a page's text", change: Self.replace("content/pages/contact.md", "Write to the desk", "Write to the news desk"),
                 cached: documents - 1),
        ])
    }

    /// A document linking to another's Markdown file is rendered again when documents come or
    /// go (the link may now lead elsewhere, or nowhere); the others are not.
    func testLinksToMarkdownFilesMatchABuildWithoutTheCache() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
            "content/articles/a.md": "---\ntitle: A\ndate: 2025-01-01\n---\nSee [b](b.md).\n",
            "content/articles/b.md": "---\ntitle: B\ndate: 2025-01-02\n---\nText.\n",
            "content/articles/c.md": "---\ntitle: C\ndate: 2025-01-03\n---\nText.\n",
            "content/annotations/c.md": "> Text\n\nSee [a](../articles/a.md).\n",
        ])
        try assertCachedBuildsMatchFreshOnes(site, documents: 3, edits: [
            Edit(name: "an article added", change: { site in try site.write("content/articles/d.md", "---\ntitle: D\ndate: 2025-01-04\n---\nText.\n") },
                 cached: 1),
            Edit(name: "the linked article is a draft", change: Self.replace("content/articles/b.md", "title: B\n", "title: B\ndraft: true\n"),
                 cached: 1),
            Edit(name: "the linked article gone", change: { site in try FileManager.default.removeItem(atPath: site.directory + "/content/articles/b.md") },
                 cached: 1),
        ])
    }

    /// With full content in feeds, a kept document keeps what its pages show for the feeds.
    func testFeedsWithFullContentMatchABuildWithoutTheCache() throws {
        let site = try TemporarySite(fixture: "sites/pages")
        try site.write("gen.toml", try site.read("gen.toml").replacingOccurrences(of: "[feed]\n", with: "[feed]\nfull_content = true\n"))
        let documents = SiteBuilder(options: BuildOptions(siteDirectory: site.directory)).build()
        try assertCachedBuildsMatchFreshOnes(site, documents: documents.articleCount + documents.standaloneCount, edits: [
            Edit(name: "an article's text", change: Self.replace("content/articles/report-5.md", "on the harbour.", "on the harbour, revised."),
                 cached: documents.articleCount + documents.standaloneCount - 1),
        ])
    }

    /// A damaged cache is not trusted: the build renders every document and writes what it should.
    func testADamagedCacheIsIgnored() throws {
        let site = try TemporarySite(fixture: "sites/annotated")
        let output = site.directory + "/../" + UUID().uuidString + "-out"
        defer { try? FileManager.default.removeItem(atPath: output); try? FileManager.default.removeItem(atPath: RenderCache.path(for: output)) }
        let options = BuildOptions(siteDirectory: site.directory, jobs: 2)
        let build = { SiteBuilder(options: options).build(into: .folder(OutputWriter(outputDirectory: output, jobs: 2))) }
        XCTAssertTrue(build().succeeded)
        XCTAssertEqual(build().cachedDocuments, 1)
        let expected = Self.files(in: output)
        let cache = RenderCache.path(for: output)
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: cache))
        for cut in [bytes.count - 1, bytes.count / 2, 40] {
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: cache))
            let result = build()
            XCTAssertTrue(result.succeeded)
            XCTAssertEqual(result.cachedDocuments, 0, "a cache cut to \(cut) bytes")
            XCTAssertEqual(Self.files(in: output), expected)
        }
        bytes = try XCTUnwrap(FileManager.default.contents(atPath: cache))
        bytes[bytes.count - 20] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: cache))
        let result = build()
        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(Self.files(in: output), expected)
    }
}
