import Foundation
@testable import GenKit
import TestSupport
import XCTest

/// Sites with mistakes, each with the exact diagnostics a user must see (Tests/Fixtures/invalid/*/expected.txt).
final class InvalidSiteTests: XCTestCase {
    func assertDiagnostics(_ fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let site = try TemporarySite(fixture: "invalid/\(fixture)")
        try? FileManager.default.removeItem(atPath: site.directory + "/expected.txt")
        let expected = try String(contentsOfFile: Fixtures.path("invalid/\(fixture)/expected.txt"), encoding: .utf8)
        XCTAssertEqual(site.diagnosticLines().joined(separator: "\n") + "\n", expected, file: file, line: line)
    }

    func testMalformedYAMLPointsAtTheLineInTheFile() throws { try assertDiagnostics("malformed-yaml") }
    func testMalformedTOML() throws { try assertDiagnostics("malformed-toml") }
    func testBadSlugsSuggestAValidName() throws { try assertDiagnostics("bad-slug") }
    func testMissingPartial() throws { try assertDiagnostics("missing-partial") }
    /// Templates that include each other on every render; recursion inside a section is fine.
    func testTemplatesIncludingThemselvesForever() throws { try assertDiagnostics("template-cycle") }
    /// Names no page defines, in a site's own template: each a warning with the closest name.
    func testUnknownTemplateNames() throws { try assertDiagnostics("unknown-template-name") }
    func testAllProblemsOfARunAreReportedTogetherSorted() throws { try assertDiagnostics("many-problems") }
    func testEmptyAndOddFiles() throws { try assertDiagnostics("empty-and-odd") }
    func testBadSourcesAndUnknownCitations() throws { try assertDiagnostics("bad-sources") }
    /// A site moved from Hugo: JSON front matter is an error (read as the body, its drafts would
    /// be published; TOML is read), folders and pages gen does not read, Hugo's keys gen does not
    /// act on and its shortcodes are warnings; none is lost without a word.
    func testWhatAHugoSiteHasThatGenDoesNotRead() throws { try assertDiagnostics("hugo-site") }
    /// Aliases that are no address of the site, the page's own, given twice, or another page's
    /// (a file, or a folder where gen writes a file).
    func testBadAliases() throws { try assertDiagnostics("bad-aliases") }
    /// A bibliography that cannot be read is one error: its keys are not each unknown, and a quote
    /// runs across their citations still; a quote copied with its citation says to leave it out.
    func testABrokenBibliographyIsOneError() throws { try assertDiagnostics("broken-bibliography") }
    /// Missing and ambiguous quotes, duplicate ids, verdicts, unknown articles and sources in notes.
    func testBadNotes() throws { try assertDiagnostics("bad-notes") }
    /// Control characters in a file (left out, with a warning), a tag too long for a folder's
    /// name, a quote of characters no reader sees.
    func testHostileText() throws { try assertDiagnostics("hostile-text") }
    /// An article as a file and as a folder: one error, and neither is built (nothing else is
    /// reported of them: no clash of their pages, no note sought in the wrong one).
    func testAnArticleAsFileAndFolder() throws { try assertDiagnostics("duplicate-slug") }
    /// A menu link to no page of the site: one error at its url in gen.toml, not one per page.
    func testAMenuLinkToNoPage() throws { try assertDiagnostics("menu-to-nowhere") }
    /// Links to Markdown files that are no document (with the name meant, when one is close),
    /// and to a draft, from an article, a page, a note and an entity.
    func testLinksToMarkdownFilesOfNoDocument() throws { try assertDiagnostics("markdown-links") }
    /// Unknown [[targets]] in articles and notes, kinds, wikidata ids, names claimed twice.
    func testBadEntities() throws { try assertDiagnostics("bad-entities") }

    /// `gen annotations import`: every annotation that cannot be placed, at its place in the
    /// JSON file, with why; files that exist are not replaced.
    func testBadImport() throws {
        let site = try TemporarySite(fixture: "invalid/bad-import")
        let importer = AnnotationImporter(options: BuildOptions(siteDirectory: site.directory))
        var lines: [String] = []
        for file in ["import.json", "malformed.json", "other.json"] {
            let report = importer.run(Array(try site.read(file).utf8), path: file, write: false)
            lines += report.diagnostics.sorted.map(\.rendered)
            lines += report.written.map { "wrote \($0.notes) to \($0.path)" }
        }
        let expected = try String(contentsOfFile: Fixtures.path("invalid/bad-import/expected.txt"), encoding: .utf8)
        XCTAssertEqual(lines.joined(separator: "\n") + "\n", expected)
    }

    /// Images that are not there, at their line and column, and an image without alt text.
    func testMissingImages() throws { try assertDiagnostics("missing-image") }
    /// A file in static/ where the theme has an asset of the same path.
    func testStaticFileClashesWithAnAsset() throws { try assertDiagnostics("static-clash") }
    /// Files in static/ and content/images/ where gen writes a page of its own: none is lost silently.
    func testStaticFileClashesWithAPage() throws { try assertDiagnostics("static-page-clash") }

    /// CSL fields of the wrong type, dates that do not exist (as text and as date-parts),
    /// unknown types and names without a name: errors at their line and column.
    func testBadCSLFieldsAndDates() throws { try assertDiagnostics("bad-csl") }
    /// base_url must be an http or https address with a host.
    func testBaseURLMustBeHTTP() throws { try assertDiagnostics("bad-base-url") }

    /// Symbolic links out of the site (a file, a folder, an asset, static/'s folder, a link to a
    /// link that leads out, a folder in each content folder) are errors at their paths; links
    /// inside the site are read.
    func testLinksOutOfTheSiteAreErrors() throws {
        try assertDiagnostics("outside-links")
        let site = try TemporarySite(fixture: "invalid/outside-links")
        for path in ["content/articles/passwd.md", "content/articles/hop.md", "content/images", "static/etc", "templates/assets/hosts.txt",
                     "content/articles/etc", "content/annotations/etc", "content/entities/etc", "content/pages/etc", "content/sources/etc"] {
            try FileManager.default.removeItem(atPath: site.directory + "/" + path)
        }
        try? FileManager.default.removeItem(atPath: site.directory + "/expected.txt")
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let paths = Set(result.files.map(\.path))
        XCTAssertTrue(paths.isSuperset(of: ["articles/alias/index.html", "articles/good/index.html", "css/site.css", "styles/site.css"]))
    }

    /// FIFOs, sockets and devices are errors at their paths, and are never opened: a FIFO would
    /// make the build wait for a writer. Git cannot hold them, so they are made here.
    func testFIFOsAndSocketsAreErrors() throws {
        let site = try TemporarySite(fixture: "invalid/special-files")
        try? FileManager.default.removeItem(atPath: site.directory + "/expected.txt")
        for path in ["content/articles/fifo.md", "templates/assets/fifo.css", "static/fifo.txt", "templates/page.mustache"] {
            try FileManager.default.createDirectory(atPath: site.directory + "/" + (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            XCTAssertEqual(mkfifo(site.directory + "/" + path, 0o644), 0)
        }
        try FileManager.default.createDirectory(atPath: site.directory + "/content/entities", withIntermediateDirectories: true)
        let socketPath = site.directory + "/content/entities/socket.md"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0, "the socket's path must fit in sockaddr_un")
        let expected = try String(contentsOfFile: Fixtures.path("invalid/special-files/expected.txt"), encoding: .utf8)
        XCTAssertEqual(site.diagnosticLines().joined(separator: "\n") + "\n", expected)
    }

    /// A front matter error is the one diagnostic: nothing that follows from it is reported too.
    func testNoKnockOnWarningsAfterAFrontMatterError() throws {
        let site = try TemporarySite([
            // A link to the entity is not reported as a link to none.
            "content/articles/a.md": "---\ntitle: A\n---\nText about [[X Y]].\n",
            "content/entities/x-y.md": "---\nname: X Y\naliases: [a, b\n---\n",
        ])
        XCTAssertEqual(site.diagnosticLines(), [
            "content/entities/x-y.md:4:1: error: malformed YAML front matter: did not find expected ',' or ']'",
            "content/entities/x-y.md:3:10: note: while parsing a flow sequence",
            "content/entities/x-y.md:3:10: note: this list is not closed: end it with ']' on the same line",
        ])
    }

    func testInvalidUTF8() throws {
        let site = try TemporarySite(["content/articles/good.md": "---\ntitle: Good\n---\nText.\n"])
        var bytes = Array("---\ntitle: Latin-1\n---\nCaf".utf8)
        bytes += [0xE9, 0x20, 0x6F, 0x6B, 0x0A]
        try site.write("content/articles/latin1.md", bytes: bytes)
        XCTAssertEqual(site.diagnosticLines(), [
            "content/articles/latin1.md:4:4: error: file is not valid UTF-8 (byte 0xE9)",
            "note: save the file with UTF-8 encoding",
        ])
    }

    func testAFiftyMegabyteArticleBuilds() throws {
        let paragraph = String(repeating: "A sentence of a very long article. ", count: 30) + "\n\n"
        let body = String(repeating: paragraph, count: 50_000_000 / paragraph.utf8.count)
        let site = try TemporarySite(["content/articles/huge.md": "---\ntitle: Huge\n---\n" + body])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let page = try XCTUnwrap(result.files.first { $0.path == "articles/huge/index.html" })
        XCTAssertGreaterThan(page.bytes.count, 50_000_000)
    }

    func testASiteWithoutContentFolder() throws {
        let site = try TemporarySite(["gen.toml": "title = \"x\"\n"])
        XCTAssertEqual(site.diagnosticLines(), [
            "error: no content/ folder in '\(site.directory)'",
            "note: run 'gen init' to make a small working site",
        ])
    }
}

final class NotesAndEntitiesFoldersTests: XCTestCase {
    /// content/annotations/ and content/entities/ are both read: a note and an entity page.
    func testNotesAndEntitiesAreBuilt() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\n---\nText by Someone.\n",
            "content/annotations/a.md": "> Text\n\nA note on [[Someone]].\n\n> by Someone\n\n{#by .fact-check verdict=false}\n\n"
                + "Not [[Someone]].\n",
            "content/entities/someone.md": "---\nname: Someone\n---\n",
        ])
        XCTAssertEqual(site.diagnosticLines(), [])
        let result = site.build()
        XCTAssertEqual(result.noteCount, 2)
        XCTAssertEqual(result.entityCount, 1)
        XCTAssertTrue(result.files.contains { $0.path == "articles/a/annotations.jsonld" })
        let entityPage = try XCTUnwrap(result.files.first { $0.path == "entities/someone/index.html" })
        let html = String(decoding: entityPage.bytes, as: UTF8.self)
        XCTAssertTrue(html.contains("<a href=\"../../articles/a/#mention-someone-1\">A</a>"), html)
        // Each note by the passage it is on, a fact check with its verdict, then its article.
        XCTAssertTrue(html.contains("""
            <li><a href="../../articles/a/#note-text">“Text”</a>
            <span class="mention-note-article">A note on “A”</span></li>
            <li><a href="../../articles/a/#note-by">“by Someone”</a> <span class="verdict verdict-false"><span class="verdict-prefix">Verdict: </span>False</span>
            <span class="mention-note-article">A note on “A”</span></li>
            """), html)
    }
}
