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

    /// A site with one entity, Tony Blair, and one article linking to it by its slug.
    func buildWithEntityLink(_ notes: String,
                             article: String = "The plan, said [[tony-blair]] on Monday, was sound. Later [[tony-blair|the former PM]] spoke.\n")
        throws -> (diagnostics: [String], page: String, json: String, rendered: RenderedArticle?) {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/entities/tony-blair.md": "---\nname: Tony Blair\nkind: person\naliases: [\"Blair\"]\n---\n",
            "content/articles/a.md": "---\ntitle: A\n---\n" + article,
            "content/annotations/a.md": "---\narticle: a\n---\n\n" + notes,
        ])
        let session = SiteSession(options: BuildOptions(siteDirectory: site.directory, jobs: 1))
        let result = SiteBuilder(options: session.options).build(into: .memory, session: session)
        let files = Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        return (result.diagnostics.sorted.map(\.rendered), files["articles/a/index.html"] ?? "",
                files["articles/a/annotations.jsonld"] ?? "", session.rendered.first { $0.article.slug == "a" })
    }

    /// The tags of `html` open and close in order (void elements aside).
    func assertWellNested(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let void: Set<String> = ["br", "img", "input", "hr", "wbr", "source", "col", "meta", "link", "!doctype", "!--"]
        var stack: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            let name = String(tag.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" || $0 == "/" && tag.first == "/" }).lowercased()
            if name.hasPrefix("!") { continue }
            if name.hasPrefix("/") {
                guard stack.last == String(name.dropFirst()) else {
                    return XCTFail("</\(name.dropFirst())> closes <\(stack.last ?? "nothing")>", file: file, line: line)
                }
                stack.removeLast()
            } else if !void.contains(name) && !tag.hasSuffix("/") {
                stack.append(name)
            }
        }
        XCTAssertEqual(stack, [], "left open", file: file, line: line)
    }

    /// `[[tony-blair]]` shows the entity's name, and reads as it: a quote runs across it, its
    /// mark wraps the whole link, and the export slices the reader's text.
    func testAQuoteRunsAcrossAnEntityLinkWithoutText() throws {
        let built = try buildWithEntityLink("> said Tony Blair on Monday\n\n{#n1}\n\nA note.\n")
        XCTAssertEqual(built.diagnostics, [])
        XCTAssertTrue(built.page.contains(#"<mark class="annotation" data-annotations="n1" id="mark-n1">said </mark>"#
            + #"<mark class="annotation" data-annotations="n1"><a class="entity" data-entity="tony-blair" id="mention-tony-blair-1" href="../../entities/tony-blair/">Tony Blair</a></mark>"#
            + #"<mark class="annotation" data-annotations="n1"> on Monday</mark><sup class="note-ref" data-gen-added>"#), built.page)
        XCTAssertFalse(built.page.contains("[[") || built.page.contains(">tony-blair<"), built.page)
        assertWellNested(try XCTUnwrap(built.rendered).html)
        XCTAssertTrue(built.json.contains(#""exact":"said Tony Blair on Monday","prefix":"The plan, ","suffix":", was sound. Later the former PM""#), built.json)
        XCTAssertTrue(built.json.contains(#""start":10,"end":35"#), built.json)
        // The selectors slice the text of the published page.
        let note = try XCTUnwrap(built.rendered?.anchored.first)
        let text = Array(ReaderTextContractTests.readerText(try XCTUnwrap(built.rendered).html).unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(text[note.textStart..<note.textEnd])), note.exact)
        XCTAssertTrue(String(String.UnicodeScalarView(text[..<note.textStart])).hasSuffix(note.prefix))
        XCTAssertTrue(String(String.UnicodeScalarView(text[note.textEnd...])).hasPrefix(note.suffix))
    }

    /// A quote may start or end inside the name a link shows: the whole link is highlighted
    /// (the first segment keeps the note's id), the export keeps the quote's own words.
    func testAQuoteRunningIntoTheMiddleOfAnEntityLinkHighlightsTheWholeLink() throws {
        let built = try buildWithEntityLink("> Blair on Monday\n\n{#starts}\n\nA.\n\n> The plan, said Tony\n\n{#ends}\n\nB.\n\n"
                                            + "> former PM spoke\n\n{#own-text}\n\nC.\n")
        XCTAssertEqual(built.diagnostics, [])
        let link = #"<a class="entity" data-entity="tony-blair" id="mention-tony-blair-1" href="../../entities/tony-blair/">Tony Blair</a>"#
        XCTAssertTrue(built.page.contains(#"<mark class="annotation" data-annotations="ends starts" id="mark-starts">"#
                                          + #"<span class="visually-hidden" data-gen-added> (covered by 2 notes) </span>"# + link + "</mark>"), built.page)
        XCTAssertTrue(built.page.contains(#"<mark class="annotation" data-annotations="own-text" id="mark-own-text"><a class="entity" data-entity="tony-blair" href="../../entities/tony-blair/">the former PM</a></mark>"#), built.page)
        assertWellNested(try XCTUnwrap(built.rendered).html)
        XCTAssertTrue(built.json.contains(#""exact":"Blair on Monday","prefix":"The plan, said Tony ","suffix":", was sound. Later the former "#), built.json)
        XCTAssertTrue(built.json.contains(#""start":20,"end":35"#), built.json)
        XCTAssertTrue(built.json.contains(#""exact":"The plan, said Tony","prefix":"","suffix":" Blair on Monday, was sound. Lat"#), built.json)
        XCTAssertTrue(built.json.contains(#""start":0,"end":19"#), built.json)
        XCTAssertTrue(built.json.contains(#""exact":"former PM spoke""#), built.json)
        let rendered = try XCTUnwrap(built.rendered)
        let text = Array(ReaderTextContractTests.readerText(rendered.html).unicodeScalars)
        for note in rendered.anchored {
            XCTAssertEqual(String(String.UnicodeScalarView(text[note.textStart..<note.textEnd])), note.exact, note.note.id)
        }
    }

    /// The link's syntax is not the reader's text: a quote of it is not found, and the closest
    /// passage is what the page shows.
    func testAQuoteOfTheLinksSyntaxIsNotFound() throws {
        let built = try buildWithEntityLink("> said [[tony-blair]] on Monday\n\nA note.\n")
        XCTAssertEqual(built.diagnostics, [
            "content/annotations/a.md:5:1: error: quote not found in article 'a'\n"
                + "content/articles/a.md:4:11: note: closest passage (72% similar): \u{201C}said Tony Blair on Monday\u{201D}",
        ])
    }

    /// `--fix-anchors` puts the reader's words in place of a quote gone stale, never the link's syntax.
    func testFixAnchorsRepairsAQuoteAcrossAnEntityLinkWithTheReadersWords() throws {
        let notes = "> said Tony Blare on Monday\n\n{#n1}\n\nA note.\n"
        let built = try buildWithEntityLink(notes)
        let orphan = try XCTUnwrap(built.rendered?.orphans.first)
        XCTAssertEqual(orphan.closest, "said Tony Blair on Monday")
        XCTAssertTrue(orphan.repairable)
        let file = "---\narticle: a\n---\n\n" + notes
        let (bytes, _) = try XCTUnwrap(AnchorRepair.rewrite(Array(file.utf8), path: "content/annotations/a.md",
                                                             lines: orphan.note.quoteLines, passage: try XCTUnwrap(orphan.closest)))
        let fixed = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(fixed.hasPrefix("---\narticle: a\n---\n\n> said Tony Blair on Monday\n"), fixed)
        XCTAssertEqual(try buildWithEntityLink(String(fixed.dropFirst("---\narticle: a\n---\n\n".count))).diagnostics, [])
    }

    /// A name or alias written as the target reads as written, spaces collapsed as the page's
    /// text is; an ambiguity hint suggests the reader's words.
    func testLinksByNameAndAliasReadAsWritten() throws {
        let built = try buildWithEntityLink("> the  [[ Blair ]]  plan\n\n{#n1}\n\nA.\n\n> spoke of it\n\nB.\n",
                                            article: "They backed the  [[ Blair ]]  plan. [[Tony Blair]] spoke of it. [[Blair]] spoke of it.\n")
        XCTAssertEqual(built.diagnostics.count, 2, "\(built.diagnostics)")
        XCTAssertTrue(built.diagnostics[0].contains("quote not found"), built.diagnostics[0])
        XCTAssertTrue(built.diagnostics[1].contains("quote appears 2 times"), built.diagnostics[1])
        XCTAssertTrue(built.diagnostics[1].contains(#"add prefix="plan. Tony Blair""#), built.diagnostics[1])
        let fixed = try buildWithEntityLink("> the Blair plan\n\n{#n1}\n\nA.\n\n> spoke of it\n\n{prefix=\"plan. Tony Blair\"}\n\nB.\n",
                                            article: "They backed the  [[ Blair ]]  plan. [[Tony Blair]] spoke of it. [[Blair]] spoke of it.\n")
        XCTAssertEqual(fixed.diagnostics, [])
        XCTAssertTrue(fixed.json.contains(#""exact":"the Blair plan","prefix":"They backed ","suffix":". Tony Blair spoke of it. Blair ""#), fixed.json)
        let rendered = try XCTUnwrap(fixed.rendered)
        let text = Array(ReaderTextContractTests.readerText(rendered.html).unicodeScalars)
        for note in rendered.anchored {
            XCTAssertEqual(String(String.UnicodeScalarView(text[note.textStart..<note.textEnd])), note.exact, note.note.id)
        }
        assertWellNested(rendered.html)
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
        let json = try result.text("articles/a/annotations.jsonld")
        XCTAssertTrue(json.contains(#"href=\"https://example.org/review/entities/harbour-board/\""#), json)
        XCTAssertTrue(json.contains(#"href=\"https://example.org/review/articles/a/#source-ons-towns\""#), json)
        XCTAssertFalse(json.contains("citation-tip"), json)
        XCTAssertFalse(json.contains("aria-describedby"), json)
        // The page itself keeps its relative links and tooltips.
        let page = try result.text("articles/a/index.html")
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
