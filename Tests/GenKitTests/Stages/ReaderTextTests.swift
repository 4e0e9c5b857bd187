import Foundation
@testable import GenKit
import TestSupport
import XCTest

/// Quotes, prefixes, suffixes and the exported selectors work on the text a reader sees:
/// a citation marker is not part of it, and a quote may run across one.
final class ReaderTextTests: XCTestCase {
    let sources = "- id: ons-towns\n  type: report\n  title: Coastal towns\n  issued: 2023\n"

    func build(_ article: String, _ notes: String) throws -> (BuildResult, [String: String]) {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/sources.yaml": sources,
            "content/articles/a.md": "---\ntitle: A\n---\n" + article,
            "content/annotations/a.md": notes,
        ])
        let result = site.build()
        let files = Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        return (result, files)
    }

    func testAQuoteRunsAcrossACitation() throws {
        let (result, files) = try build("Towns shrank by a tenth [@ons-towns]. Work on the pier began in May.\n",
                                        "> shrank by a tenth. Work on the pier\n\n{#pier}\n\nA note.\n")
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let page = try XCTUnwrap(files["articles/a/index.html"])
        // The marks stop at the citation (gen's addition) and go on after it.
        XCTAssertTrue(page.contains("<mark class=\"annotation\" data-annotations=\"pier\" id=\"mark-pier\">shrank by a tenth</mark><span class=\"citations\" data-gen-added>"), page)
        XCTAssertTrue(page.contains("]</span><mark class=\"annotation\" data-annotations=\"pier\">. Work on the pier</mark><sup class=\"note-ref\" data-gen-added>"), page)
        let json = try XCTUnwrap(files["articles/a/annotations.jsonld"])
        XCTAssertTrue(json.contains("\"exact\":\"shrank by a tenth. Work on the pier\""), json)
        XCTAssertTrue(json.contains("\"prefix\":\"Towns \""), json)
        XCTAssertTrue(json.contains("\"suffix\":\" began in May.\""), json)
        XCTAssertFalse(json.contains("@ons-towns"), json)
        // TextPositionSelector: code points of the text without the marker.
        XCTAssertTrue(json.contains("\"start\":6,\"end\":41"), json)
    }

    /// An explicit entity link reads as its text, and runs of spaces as one space: a quote runs
    /// over `[[slug|the Commission]]`, and the export slices the reader's text.
    func testAQuoteRunsAcrossAnEntityLinkAndSpacesCollapse() throws {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/entities/fec.md": "---\nname: Federal Election Commission\n---\nA body.\n",
            "content/articles/a.md": "---\ntitle: A\n---\nThat is how [[fec|the Commission]] itself sums it up.  Two  spaces   here.\n",
            "content/annotations/a.md": "---\narticle: a\n---\n\n> how the Commission itself sums\n\n{#n1}\n\nA note.\n\n> Two spaces here\n\n{#n2}\n\nAnother.\n",
        ])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let json = try XCTUnwrap(result.files.first { $0.path == "articles/a/annotations.jsonld" }).bytes
        let text = String(decoding: json, as: UTF8.self)
        XCTAssertTrue(text.contains(#""exact":"how the Commission itself sums","prefix":"That is ","suffix":" it up. Two spaces here.""#), text)
        XCTAssertTrue(text.contains(#""start":8,"end":38"#), text)
        XCTAssertTrue(text.contains(#""exact":"Two spaces here""#), text)
        XCTAssertTrue(text.contains(#""start":46,"end":61"#), text)
        XCTAssertFalse(text.contains("[[") || text.contains("  "), text)
    }

    /// A note's body in annotations.jsonld resolves away from its page: absolute links, no
    /// tooltip markup.
    func testExportedBodiesHaveAbsoluteLinksAndNoTooltips() throws {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/review/\"\n",
            "content/sources.yaml": sources,
            "content/entities/harbour-board.md": "---\nname: Harbour Board\nkind: organization\n---\n",
            "content/articles/a.md": "---\ntitle: A\n---\nThe pier opened.\n",
            "content/annotations/a.md": "> The pier opened\n\nThe [[Harbour Board]] says so [@ons-towns].\n",
        ])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let json = String(decoding: try XCTUnwrap(result.files.first { $0.path == "articles/a/annotations.jsonld" }).bytes, as: UTF8.self)
        XCTAssertTrue(json.contains(#"href=\"https://example.org/review/entities/harbour-board/\""#), json)
        XCTAssertTrue(json.contains(#"href=\"https://example.org/review/articles/a/#source-ons-towns\""#), json)
        XCTAssertFalse(json.contains("citation-tip"), json)
        XCTAssertFalse(json.contains("aria-describedby"), json)
        // The page itself keeps its relative links and tooltips.
        let page = String(decoding: try XCTUnwrap(result.files.first { $0.path == "articles/a/index.html" }).bytes, as: UTF8.self)
        XCTAssertTrue(page.contains("citation-tip"))
    }

    func testPrefixAndTheAmbiguityHintUseTheReadersText() throws {
        let article = "Rents rose in 2023 [@ons-towns]. Work on the pier began. Later, work on the pier stopped. Work on the pier resumed.\n"
        let (ambiguous, _) = try build(article, "> Work on the pier\n\nA note.\n")
        let message = ambiguous.diagnostics.sorted.map(\.rendered).joined(separator: "\n")
        XCTAssertTrue(message.contains("quote appears 2 times"), message)
        // The suggested prefix is what a reader sees before it, not the citation's syntax.
        XCTAssertTrue(message.contains("add prefix=\"rose in 2023.\""), message)
        XCTAssertFalse(message.contains("[@"), message)
        let (picked, files) = try build(article, "> Work on the pier\n\n{prefix=\"in 2023.\"}\n\nA note.\n")
        XCTAssertEqual(picked.diagnostics.sorted.map(\.rendered), [])
        XCTAssertTrue(try XCTUnwrap(files["articles/a/annotations.jsonld"]).contains("\"prefix\":\"Rents rose in 2023. \""))
    }
}

/// The export's contract (docs/output.md): the text of an article's body with every element
/// marked `data-gen-added` removed and whitespace runs as one space; each note's `exact` is
/// that text sliced at its `TextPositionSelector` (code points), with `prefix` just before it
/// and `suffix` just after.
final class ReaderTextContractTests: XCTestCase {
    /// The reader's text of `html`: text outside elements marked `data-gen-added`, entities
    /// decoded, whitespace runs as one space.
    static func readerText(_ html: String) -> String {
        let void: Set<String> = ["br", "img", "input", "hr", "wbr", "source", "col", "meta", "link"]
        var out = "", stack: [(name: String, added: Bool)] = []
        var addedDepth = 0
        var i = html.startIndex
        while i < html.endIndex {
            if html[i] == "<", let close = html[i...].firstIndex(of: ">") {
                let tag = html[html.index(after: i)..<close]
                let name = String(tag.prefix { $0.isLetter || $0.isNumber || $0 == "/" }).lowercased()
                if name.hasPrefix("/") {
                    if let last = stack.popLast(), last.added { addedDepth -= 1 }
                } else if !void.contains(name) && !tag.hasSuffix("/") {
                    let added = tag.contains(" data-gen-added")
                    stack.append((name, added))
                    if added { addedDepth += 1 }
                }
                i = html.index(after: close)
                continue
            }
            if addedDepth == 0 { out.append(html[i]) }
            i = html.index(after: i)
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        var collapsed = "", space = false
        for scalar in out.unicodeScalars {
            if FoldedText.isWhitespace(scalar.value) { space = !collapsed.isEmpty; continue }
            if space { collapsed.unicodeScalars.append(" "); space = false }
            collapsed.unicodeScalars.append(scalar)
        }
        return collapsed
    }

    func testEveryNoteOfTheFixtureSitesIsTheReadersText() throws {
        var checked = 0
        for fixture in ["annotated", "pages"] {
            let site = try TemporarySite(fixture: "sites/\(fixture)")
            let session = SiteSession(options: BuildOptions(siteDirectory: site.directory, jobs: 2))
            _ = SiteBuilder(options: session.options).build(into: .memory, session: session)
            for rendered in session.rendered where !rendered.anchored.isEmpty {
                let text = Array(Self.readerText(rendered.html).unicodeScalars)
                for note in rendered.anchored {
                    let slice = String(String.UnicodeScalarView(text[note.textStart..<note.textEnd]))
                    XCTAssertEqual(slice, note.exact, "\(fixture) \(rendered.article.slug) #\(note.note.id)")
                    let before = String(String.UnicodeScalarView(text[..<note.textStart]))
                    let after = String(String.UnicodeScalarView(text[note.textEnd...]))
                    XCTAssertTrue(before.hasSuffix(note.prefix), "\(note.note.id): prefix '\(note.prefix)'")
                    XCTAssertTrue(after.hasPrefix(note.suffix), "\(note.note.id): suffix '\(note.suffix)'")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 5)
    }
}
