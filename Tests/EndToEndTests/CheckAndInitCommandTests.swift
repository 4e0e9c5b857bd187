import Foundation
import TestSupport
import XCTest

final class CheckAndInitCommandTests: XCTestCase {
    func testCheckWritesNothingAndPrintsJSON() throws {
        let site = try TemporarySite(fixture: "invalid/bad-slug")
        let outcome = try GenProcess.run(["check", "--format", "json"], in: site.directory)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertFalse(site.exists("public"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["errors"] as? Int, 2)
        let first = try XCTUnwrap((json["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["file"] as? String, "content/articles/My Article.md")
        XCTAssertEqual(first["line"] as? Int, 1)
        XCTAssertEqual(first["severity"] as? String, "error")
    }

    func testCheckFindsBrokenInternalLinks() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\n---\nSee [b](../b/) and [the top](#top) and [out](https://example.org/).\n",
        ])
        let outcome = try GenProcess.run(["check"], in: site.directory)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr, """
        content/articles/a.md:4:9: error: broken link '../b/': no page at 'articles/b/'
        articles/a/index.html:40:11: note: where the page has it
        content/articles/a.md:4:30: error: broken link '#top': no element with id 'top' in 'articles/a/index.html'
        articles/a/index.html:40:37: note: where the page has it

        """)
        XCTAssertFalse(site.exists("public"))

        // With another error in the site, in the same run.
        try site.write("content/annotations/a.md", "> words not in the article\n\nA note.\n")
        let both = try GenProcess.run(["check"], in: site.directory)
        XCTAssertTrue(both.stderr.contains("content/articles/a.md:4:9: error: broken link '../b/'"), both.stderr)
        XCTAssertTrue(both.stderr.contains("content/annotations/a.md:1:1: error: quote not found in article 'a'"), both.stderr)
        XCTAssertTrue(both.stdout.hasSuffix("3 errors, 0 warnings\n"), both.stdout)
    }

    /// A link from the site's root written in a page is reported where it is written, with the
    /// closest page; a link to a Markdown file that is no document is said once (by the build),
    /// with the article that is a folder of that name.
    func testBrokenLinksAreReportedWhereTheyAreWritten() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\n---\nAn article.\n",
            "content/articles/press/index.md": "---\ntitle: Press\n---\nA bundle.\n",
            "content/pages/methodology.md": "---\ntitle: Method\n---\nHow.\n",
            "content/pages/about.md": "---\ntitle: About\n---\n\nSee [the method](/methodolgy/) and [the press](press.md).\n\n"
                + "```\n[in code](/methodolgy/)\n```\n\nThe [method](/methodolgy/) again.\n",
        ])
        let outcome = try GenProcess.run(["check", "--no-search"], in: site.directory)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stderr, """
        content/pages/about.md:5:18: error: broken link '/methodolgy/': no page at 'methodolgy/'
        note: did you mean '/methodology/'?
        about/index.html:38:11: note: where the page has it
        content/pages/about.md:5:36: error: link to 'press.md' leads to no article or page
        note: looked for content/pages/press.md
        note: did you mean '../articles/press/index.md'?
        content/pages/about.md:11:14: error: broken link '/methodolgy/': no page at 'methodolgy/'
        note: did you mean '/methodology/'?
        about/index.html:41:11: note: where the page has it

        """)
    }

    /// A broken link in a note's body is reported once, in the note's file, though the page
    /// shows the note twice (in the margin and in the list).
    func testABrokenLinkInANoteIsReportedInItsFile() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\n---\nThe council met on Monday.\n",
            "content/annotations/a.md": "> The council met\n\nSee [the minutes](/minutse/) of the meeting.\n",
            "content/pages/minutes.md": "---\ntitle: Minutes\n---\nMinutes.\n",
        ])
        let outcome = try GenProcess.run(["check", "--no-search"], in: site.directory)
        XCTAssertEqual(outcome.status, 1)
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("error:") }, [
            "content/annotations/a.md:3:19: error: broken link '/minutse/': no page at 'minutse/'",
        ], outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("note: did you mean '/minutes/'?"), outcome.stderr)
    }

    /// A missing image is said once, at its place in the Markdown, not again as a broken link
    /// of the page that would show it.
    func testCheckSaysAMissingImageOnce() throws {
        let site = try TemporarySite(fixture: "invalid/missing-image")
        let outcome = try GenProcess.run(["check"], in: site.directory)
        XCTAssertEqual(outcome.status, 1)
        XCTAssertFalse(outcome.stderr.contains("broken link"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("content/articles/field-trip/index.md:7:1: error: image 'river.jpg' not found"), outcome.stderr)
        XCTAssertTrue(outcome.stdout.hasSuffix("3 errors, 2 warnings\n"), outcome.stdout)
    }

    /// A template name no page defines is a warning (not an error) at its place, with the
    /// closest defined name.
    func testCheckWarnsAboutTemplateNamesNoPageDefines() throws {
        let site = try TemporarySite(fixture: "invalid/unknown-template-name")
        let outcome = try GenProcess.run(["check"], in: site.directory)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stderr, try String(contentsOfFile: Fixtures.path("invalid/unknown-template-name/expected.txt"), encoding: .utf8))
        XCTAssertTrue(outcome.stdout.hasSuffix("0 errors, 5 warnings\n"), outcome.stdout)
    }

    func testCheckPassesOnTheExampleSite() throws {
        let outcome = try GenProcess.run(["check", "--site", Fixtures.repositoryRoot])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stderr, "")
    }

    func testInitTemplatesCopiesTheThemeToEdit() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let outcome = try GenProcess.run(["init", "--templates"], in: site.directory)
        XCTAssertEqual(outcome.status, 0)
        XCTAssertTrue(site.exists("templates/article.mustache"))
        XCTAssertTrue(site.exists("templates/assets/style.css"))
        // The site's own footer was kept, and said so.
        XCTAssertTrue(outcome.stderr.contains("warning: templates/footer.mustache exists already and was left as it is"))
        try site.write("templates/header.mustache", "<header>my own header</header>\n")
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
        XCTAssertTrue(try site.read("public/index.html").contains("<header>my own header</header>"))
    }

    func testInitNeverOverwrites() throws {
        let site = try TemporarySite(["gen.toml": "title = \"Mine\"\n"])
        let outcome = try GenProcess.run(["init", "."], in: site.directory)
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(try site.read("gen.toml"), "title = \"Mine\"\n")
        XCTAssertTrue(site.exists("content/articles/welcome.md"))
    }
}

final class EntitiesCommandTests: XCTestCase {
    func testSuggestListsAndWritesStubsWithoutOverwriting() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\n---\nCritics said Sofia Patel and Tom Cotton were wrong.\n",
            "content/articles/b.md": "---\ntitle: B\n---\nThen Sofia Patel replied to Tom Cotton.\n",
            "content/articles/c.md": "---\ntitle: C\n---\nIn the end Sofia Patel left, said Tom Cotton.\n",
            "content/entities/tom-cotton.md": "---\nname: Senator Cotton\n---\nMine.\n",
        ])
        let listed = try GenProcess.run(["entities", "suggest"], in: site.directory)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.hasPrefix("Sofia Patel: 3 articles -> content/entities/sofia-patel.md\n  ---\n  name: \"Sofia Patel\""), listed.stdout)
        XCTAssertTrue(listed.stdout.contains("Tom Cotton: 3 articles -> content/entities/tom-cotton.md"))
        XCTAssertFalse(site.exists("content/entities/sofia-patel.md"))

        let written = try GenProcess.run(["entities", "suggest", "--write"], in: site.directory)
        XCTAssertEqual(written.status, 0)
        XCTAssertTrue(try site.read("content/entities/sofia-patel.md").hasPrefix("---\nname: \"Sofia Patel\"\nkind: other"))
        XCTAssertEqual(try site.read("content/entities/tom-cotton.md"), "---\nname: Senator Cotton\n---\nMine.\n")
        XCTAssertTrue(written.stderr.contains("warning: content/entities/tom-cotton.md exists already and was left as it is"))
    }
}

/// Notes whose quotes no longer match: `gen check --fix-anchors` and `orphans = "warn"`.
final class AnchorRepairCommandTests: XCTestCase {
    let article = "---\ntitle: Council\n---\n\nThe City Council approved the budget on Tuesday night.\n"
    let notes = "---\nauthor: Desk\n---\n\n> the council aproved\r\n> the budget on Tuesday\r\n\r\n{#budget}\r\n\r\nIt did.\r\n\r\n> words that are gone\r\n\r\nNo passage is close to this one.\r\n"

    /// With `--format json`, standard output is JSON alone, the repairs in it; the diffs go to
    /// standard error.
    func testFixAnchorsWithJSONKeepsTheOutputJSON() throws {
        let site = try TemporarySite(["content/articles/council.md": article, "content/annotations/council.md": notes])
        let fixed = try GenProcess.run(["check", "--fix-anchors", "--format", "json", "--site", site.directory])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any], fixed.stdout)
        let repairs = try XCTUnwrap(json["repairs"] as? [[String: Any]])
        XCTAssertEqual(repairs.count, 1)
        XCTAssertEqual(repairs.first?["file"] as? String, "content/annotations/council.md")
        XCTAssertEqual(repairs.first?["line"] as? Int, 5)
        XCTAssertEqual(repairs.first?["new"] as? String, "> City Council approved the budget on Tuesday")
        XCTAssertTrue(fixed.stderr.hasPrefix("--- content/annotations/council.md\n"), fixed.stderr)
        XCTAssertTrue(fixed.stderr.contains("gen: fixed 1 anchor; 1 orphaned note left to fix by hand\n"), fixed.stderr)
    }

    func testFixAnchorsRewritesOnlyTheQuote() throws {
        let site = try TemporarySite(["content/articles/council.md": article, "content/annotations/council.md": notes])
        let before = try GenProcess.run(["check", "--site", site.directory])
        XCTAssertEqual(before.status, 1)
        XCTAssertTrue(before.stderr.contains("content/annotations/council.md:5:1: error: quote not found in article 'council'"), before.stderr)

        let fixed = try GenProcess.run(["check", "--fix-anchors", "--site", site.directory])
        XCTAssertEqual(fixed.stdout, """
        --- content/annotations/council.md
        +++ content/annotations/council.md
        @@ -5,2 +5,1 @@
        -> the council aproved
        -> the budget on Tuesday
        +> City Council approved the budget on Tuesday
        gen: fixed 1 anchor; 1 orphaned note left to fix by hand
        gen: checked 1 article: 1 error, 1 warning

        """)
        XCTAssertTrue(fixed.stderr.contains("content/annotations/council.md:5:1: warning: note 'budget' was repaired without a last build "
                                            + "to compare with: “City Council approved the budget on Tuesday”"), fixed.stderr)
        XCTAssertEqual(fixed.status, 1, "the note with no close passage is still an error")
        XCTAssertEqual(try site.read("content/annotations/council.md"),
                       notes.replacingOccurrences(of: "> the council aproved\r\n> the budget on Tuesday\r\n",
                                                  with: "> City Council approved the budget on Tuesday\r\n"))
        // Nothing else to fix: a second run changes nothing.
        let again = try GenProcess.run(["check", "--fix-anchors", "--site", site.directory])
        XCTAssertTrue(again.stdout.hasPrefix("gen: fixed 0 anchors; 1 orphaned note left to fix by hand\n"), again.stdout)
    }

    func testOrphansAsWarningsAreListedOnThePage() throws {
        let site = try TemporarySite(["gen.toml": "[annotations]\norphans = \"warn\"\n",
                                      "content/articles/council.md": article, "content/annotations/council.md": notes])
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertTrue(built.stderr.contains("content/annotations/council.md:12:1: warning: quote not found in article 'council'"), built.stderr)
        let page = try site.read("public/articles/council/index.html")
        XCTAssertTrue(page.contains("<h2 id=\"orphans-heading\">Orphaned notes</h2>"), page)
        XCTAssertTrue(page.contains("<q>words that are gone</q>"), page)
    }

    /// An article's annotations file is planned before its notes are anchored; when every note
    /// turns out orphaned, the file is not made, and an old copy does not come back.
    func testAnArticleWhoseNotesAreAllOrphanedHasNoAnnotationsFile() throws {
        let anchored = "> approved the budget\n\nIt did.\n"
        let site = try TemporarySite(["gen.toml": "[annotations]\norphans = \"warn\"\n",
                                      "content/articles/council.md": article, "content/annotations/council.md": anchored])
        let annotations = site.directory + "/public/articles/council/annotations.jsonld"
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: annotations))
        try site.write("content/annotations/council.md", "> words that are gone\n\nNo passage is close to this one.\n")
        // Twice: the second build writes into the folder the first build's output was.
        for _ in 0..<2 {
            let built = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(built.status, 0, built.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: annotations), built.stderr)
            XCTAssertTrue((built.stdout + built.stderr).contains("built 1 article, 0 notes"), built.stdout + built.stderr)
        }
    }
}

/// `gen annotations pin`: a fact check pinned to its sentence is an error, at every build, once
/// the sentence changes.
final class ClaimPinCommandTests: XCTestCase {
    func testPinnedFactChecksFailWhenTheirSentenceChanges() throws {
        let site = try TemporarySite([
            "content/articles/pool.md": "---\ntitle: Pool\n---\n\nThe mayor said that the pool \"will reopen in May\", and the council agreed.\n"
                + "Later the chair called it \"a costed plan\".\n\nThe meeting ended at ten.\n",
            "content/annotations/pool.md": "> will reopen in May\n\n{#may .fact-check verdict=false}\n\nIt will not.\n\n"
                + "> a costed plan\n\n{#plan .fact-check verdict=true prefix=\"called it \\\"\"}\n\nIt is.\n\n"
                + "> the council agreed\n\n{#agreed}\n\nContext.\n\n"
                + "> the\n\n{#second-the .fact-check verdict=true suffix=\" pool\"}\n\nA note on the second 'the'.\n\n"
                + "> The meeting ended at ten.\n\n{#ended .fact-check verdict=true}\n\nIt did.\n",
        ])
        // Those with a prefix or suffix of their own that holds less than their sentence have it
        // made their sentence's, their own words kept in it.
        let pinned = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertEqual(pinned.status, 0, pinned.stderr)
        XCTAssertEqual(pinned.stdout, """
        --- content/annotations/pool.md
        +++ content/annotations/pool.md
        @@ -3,1 +3,1 @@
        -{#may .fact-check verdict=false}
        +{#may .fact-check verdict=false prefix="The mayor said that the pool \\"" suffix="\\", and the council agreed." pinned=sentence}
        @@ -9,1 +9,1 @@
        -{#plan .fact-check verdict=true prefix="called it \\""}
        +{#plan .fact-check verdict=true prefix="Later the chair called it \\"" suffix="\\"." pinned=sentence}
        @@ -21,1 +21,1 @@
        -{#second-the .fact-check verdict=true suffix=" pool"}
        +{#second-the .fact-check verdict=true prefix="The mayor said that " suffix=" pool \\"will reopen in May\\", and the council agreed." pinned=sentence}
        @@ -27,1 +27,1 @@
        -{#ended .fact-check verdict=true}
        +{#ended .fact-check verdict=true pinned=sentence}
        gen: pinned 4 fact checks

        """)
        // Pinned once: nothing more to pin, and the site builds as before.
        XCTAssertEqual(try GenProcess.run(["annotations", "pin", "--site", site.directory]).stdout,
                       "gen: pinned 0 fact checks; 4 left as they are (pinned, with a prefix or suffix of their own, or their sentence twice in the article): "
                       + "pool#ended, pool#may, pool#plan, pool#second-the\n")
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        // The sentence turned around: an error at each note of it, at every build, with what it now says.
        try site.write("content/articles/pool.md", try site.read("content/articles/pool.md")
            .replacingOccurrences(of: "The mayor said that", with: "The mayor denied that"))
        for _ in 0..<2 {
            let built = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(built.status, 1)
            XCTAssertTrue(built.stderr.contains("""
                content/annotations/pool.md:3:1: error: quote found in article 'pool', but not with this prefix, suffix or occurrence
                note: the article now reads “…The mayor denied that the pool "⟨will reopen in May⟩", and the council agreed.…”
                note: its sentence changed: 'said' → 'denied'; read it again
                note: if the note still holds for it, write prefix="The mayor denied that the pool \\"" suffix="\\", and the council agreed." pinned=sentence in its attributes
                """), built.stderr)
            XCTAssertTrue(built.stderr.contains("content/annotations/pool.md:21:1: error: quote found in article 'pool', but not with this prefix"),
                          built.stderr)
        }
        // Not for --fix-anchors: left for a person, and said so.
        let notes = try site.read("content/annotations/pool.md")
        let fixed = try GenProcess.run(["check", "--fix-anchors", "--site", site.directory])
        XCTAssertTrue(fixed.stdout.contains("gen: fixed 0 anchors; 2 notes whose sentence no longer matches its prefix or suffix, to review\n"),
                      fixed.stdout)
        XCTAssertEqual(try site.read("content/annotations/pool.md"), notes)
        // Reviewed: their new words written, they are said no more.
        try site.write("content/annotations/pool.md", notes.replacingOccurrences(of: "prefix=\"The mayor said that ", with: "prefix=\"The mayor denied that "))
        for _ in 0..<2 {
            let built = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(built.status, 0, built.stderr)
            XCTAssertFalse(built.stderr.contains("warning"), built.stderr)
        }
    }

    /// In a clone without a last build, `gen check` says the fact check `name` (SLUG#ID) was not
    /// compared; `gen annotations pin` then adds `line` to its file.
    func assertUncomparedThenPinned(_ site: TemporarySite, _ name: String, writes line: String,
                                    file: StaticString = #filePath, at sourceLine: UInt = #line) throws {
        let fresh = try GenProcess.run(["check", "--site", site.directory])
        XCTAssertTrue((fresh.stdout + fresh.stderr).contains("gen: 1 fact check not compared with a last build (\(name)"),
                      fresh.stdout + fresh.stderr, file: file, line: sourceLine)
        let pinned = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertTrue(pinned.stdout.contains(line), pinned.stdout, file: file, line: sourceLine)
    }

    /// A fact check on a list's later item is pinned with its list's lead-in (`lead_in`), which
    /// then holds in every clone: a changed lead-in is an error without a last build too.
    /// Before it is pinned, a clone without a last build says it was not compared.
    func testALaterItemIsPinnedWithItsLeadIn() throws {
        let site = try TemporarySite([
            "content/articles/plan.md": "---\ntitle: Plan\n---\n\nThe plan includes:\n\n- a new sea wall;\n- a visitor centre that will open in 2027.\n",
            "content/annotations/plan.md": "> a visitor centre that will open in 2027\n\n{#visitor .fact-check verdict=false pinned=sentence suffix=\".\"}\n\nNo.\n",
        ])
        try assertUncomparedThenPinned(site, "plan#visitor",
                                       writes: "+{#visitor .fact-check verdict=false pinned=sentence suffix=\".\" lead_in=\"The plan includes:\"}")
        let held = try GenProcess.run(["check", "--site", site.directory])
        XCTAssertFalse((held.stdout + held.stderr).contains("not compared"), held.stdout + held.stderr)
        try site.write("content/articles/plan.md", try site.read("content/articles/plan.md")
            .replacingOccurrences(of: "The plan includes:", with: "The plan drops:"))
        try? FileManager.default.removeItem(atPath: site.directory + "/public")
        let changed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(changed.status, 1, changed.stderr)
        XCTAssertTrue(changed.stderr.contains("error: the lead-in fact check 'visitor' was pinned with reads otherwise in article 'plan': "
                                              + "'includes' → 'drops'"), changed.stderr)
        XCTAssertTrue(changed.stderr.contains("note: if the note still holds, write lead_in=\"The plan drops:\" in its attributes"),
                      changed.stderr)
    }

    /// A fact check with a suffix of its own that holds less than its sentence: in a clone
    /// without a last build, the rest of its sentence is not compared, and it is said so;
    /// pinned, its sentence is held in every clone.
    func testAShortSuffixOfItsOwnIsNotAPin() throws {
        let site = try TemporarySite([
            "content/articles/library.md": "---\ntitle: Library\n---\n\nThe council said the library would reopen in March after repairs to its roof.\n",
            "content/annotations/library.md": "> the library would reopen in March\n\n{#library .fact-check verdict=true suffix=\" after repairs\"}\n\nYes.\n",
        ])
        try assertUncomparedThenPinned(site, "library#library", writes: """
            +{#library .fact-check verdict=true prefix="The council said " suffix=" after repairs to its roof." pinned=sentence}
            """)
        try site.write("content/articles/library.md", try site.read("content/articles/library.md")
            .replacingOccurrences(of: "The council said the", with: "The council denied that the"))
        try? FileManager.default.removeItem(atPath: site.directory + "/public")
        let changed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(changed.status, 1, changed.stderr)
        XCTAssertTrue(changed.stderr.contains("note: its sentence changed: 'said' → 'denied that'; read it again"), changed.stderr)
    }

    /// A long sentence is pinned whole: the word that turns it around may stand far from the quote.
    func testPinsTheWholeSentenceOfALongClaim() throws {
        let opening = "The minister told reporters"
        let middle = " outside the ministry on Tuesday morning, after a long cabinet meeting about the spring budget and its many delays, that"
        let site = try TemporarySite([
            "content/articles/budget.md": "---\ntitle: Budget\n---\n\n\(opening)\(middle) spending rose by a tenth last year.\n",
            "content/annotations/budget.md": "> spending rose by a tenth\n\n{#tenth .fact-check verdict=false}\n\nIt fell.\n",
        ])
        let pinned = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertEqual(pinned.status, 0, pinned.stderr)
        XCTAssertTrue(pinned.stdout.contains("+{#tenth .fact-check verdict=false prefix=\"\(opening)\(middle) \" suffix=\" last year.\" pinned=sentence}\n"),
                      pinned.stdout)
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try site.write("content/articles/budget.md", try site.read("content/articles/budget.md")
            .replacingOccurrences(of: "told reporters", with: "denied to reporters"))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 1)
        XCTAssertTrue(built.stderr.contains("note: its sentence changed: 'told' → 'denied to'; read it again"), built.stderr)
    }
    /// A fact check placed by `occurrence=N` is pinned in place of it: its sentence then picks
    /// it, and a place of its words added before it no longer moves it. One whose sentence the
    /// article has twice, word for word, keeps its occurrence (its sentence could not pick it).
    func testPinsAFactCheckPlacedByItsOccurrence() throws {
        let site = try TemporarySite([
            "content/articles/fares.md": "---\ntitle: Fares\n---\n\nFares rose by a tenth. The council said fares rose by a tenth in May.\n\n"
                + "Nobody objected. Nobody objected.\n",
            "content/annotations/fares.md": "> rose by a tenth\n\n{#may .fact-check occurrence=2 verdict=false}\n\nThey rose by a twentieth.\n\n"
                + "> Nobody objected.\n\n{#objected .fact-check verdict=true occurrence=2}\n\nTrue.\n",
        ])
        let pinned = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertEqual(pinned.status, 0, pinned.stderr)
        XCTAssertEqual(pinned.stdout, """
        --- content/annotations/fares.md
        +++ content/annotations/fares.md
        @@ -3,1 +3,1 @@
        -{#may .fact-check occurrence=2 verdict=false}
        +{#may .fact-check verdict=false prefix="The council said fares " suffix=" in May." pinned=sentence}
        gen: pinned 1 fact check; 1 left as they are (pinned, with a prefix or suffix of their own, or their sentence twice in the article): fares#objected

        """)
        // A sentence with the same words put before it: the pinned note stays on its own.
        try site.write("content/articles/fares.md", try site.read("content/articles/fares.md")
            .replacingOccurrences(of: "Fares rose by a tenth.", with: "Fares rose by a tenth. Rents rose by a tenth."))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 0, built.stderr)
        let page = try site.read("public/articles/fares/index.html")
        XCTAssertTrue(page.contains("The council said fares <mark"), page)
        // Its sentence turned around: said as for a quote that stands once, at the place whose
        // sentence is closest to the pin, with the words to write once it is read again.
        try site.write("content/articles/fares.md", try site.read("content/articles/fares.md")
            .replacingOccurrences(of: "The council said fares", with: "The council denied fares"))
        let changed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(changed.status, 1)
        XCTAssertTrue(changed.stderr.contains(
            "content/annotations/fares.md:3:1: error: quote found in article 'fares', but not with this prefix, suffix or occurrence\n"
            + "content/articles/fares.md:5:72: note: its words stand 3 times in the article; the place whose sentence is closest to its prefix and suffix:\n"
            + "note: the article now reads “…The council denied fares ⟨rose by a tenth⟩ in May.…”\n"
            + "note: its sentence changed: 'said' → 'denied'; read it again\n"
            + "note: if the note still holds for it, write prefix=\"The council denied fares \" suffix=\" in May.\" pinned=sentence in its attributes"),
                      changed.stderr)
    }

    /// A pinned sentence that changed says what changed even when its last words stand in
    /// another sentence too (a common ending, " eviction."): the words' other place is a hint,
    /// not the answer.
    func testAChangedPinnedSentenceSaysWhatChangedWhenItsEndingStandsElsewhere() throws {
        let site = try TemporarySite([
            "content/articles/show.md": "---\ntitle: Show\n---\n\nThe firm stopped bets after four people tried to bet on the double eviction. "
                + "Callers also asked about the double eviction.\n",
            "content/annotations/show.md": "> people tried to bet on the double\n\n{#bets .fact-check verdict=true}\n\nThey did.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["annotations", "pin", "--site", site.directory]).status, 0)
        try site.write("content/articles/show.md", try site.read("content/articles/show.md").replacingOccurrences(of: "after four", with: "after forty"))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 1)
        XCTAssertTrue(built.stderr.contains("note: its sentence changed: 'four' → 'forty'; read it again"), built.stderr)
    }

    /// A claim in a table cell is read with its row, pinned as in the last build's comparison: a
    /// changed cell beside it is a change in a fresh clone too.
    func testAPinHoldsATableRow() throws {
        let site = try TemporarySite([
            "content/articles/bridge.md": "---\ntitle: Bridge\n---\n\n| Claim | Who |\n|---|---|\n| the new bridge will cost £14m | Mayor |\n",
            "content/annotations/bridge.md": "> the new bridge will cost £14m\n\n{#cost .fact-check verdict=true}\n\nIt will.\n",
        ])
        let pinned = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertTrue(pinned.stdout.contains("+{#cost .fact-check verdict=true suffix=\" Mayor\" pinned=sentence lead_in=\"Claim Who\"}\n"),
                      pinned.stdout)
        try site.write("content/articles/bridge.md", try site.read("content/articles/bridge.md").replacingOccurrences(of: "| Mayor |", with: "| Nobody |"))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 1)
        XCTAssertTrue(built.stderr.contains("note: its sentence changed: 'Mayor' → 'Nobody'; read it again"), built.stderr)
    }

    /// Words added before a pinned sentence's first word, or after its last, change its claim as
    /// surely as a changed word: in a fresh clone, with no last build to compare with, too.
    func testWordsAddedAtASentencesEndsAreAChange() throws {
        let site = try TemporarySite([
            "content/articles/fares.md": "---\ntitle: Fares\n---\n\nThe council froze bus fares for a year. Forty stops closed.\n",
            "content/annotations/fares.md": "> froze bus fares\n\n{#froze .fact-check verdict=true}\n\nIt did.\n\n"
                + "> Forty stops closed.\n\n{#closed .fact-check verdict=false}\n\nTwelve did.\n",
        ])
        let pinned = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertEqual(pinned.status, 0, pinned.stderr)
        XCTAssertTrue(pinned.stdout.contains("+{#froze .fact-check verdict=true prefix=\"The council \" suffix=\" for a year.\" pinned=sentence}\n"
                                             + "@@ -9,1 +9,1 @@\n-{#closed .fact-check verdict=false}\n+{#closed .fact-check verdict=false pinned=sentence}\n"),
                      pinned.stdout)
        // A fresh clone: no last build, only the pins.
        let pinnedNotes = try site.read("content/annotations/fares.md")
        for (edited, expected) in [
            ("Critics deny that the council froze bus fares for a year. Forty stops closed.",
             ["fares.md:3:1: error: quote found in article 'fares', but not with this prefix, suffix or occurrence",
              "note: its sentence changed: 'Critics deny that' added; read it again"]),
            ("The council froze bus fares for a year, it claimed. Forty stops closed.",
             ["fares.md:3:1: error: quote found in article 'fares', but not with this prefix, suffix or occurrence",
              "'it claimed' added"]),
            ("The council froze bus fares ~~for a year~~ for a month. Forty stops closed.",
             ["fares.md:3:1: error: quote found in article 'fares', but not with this prefix, suffix or occurrence",
              "note: the article strikes through words in its sentence: withdrawn, so the verdict would stand on a claim"]),
            ("The council froze bus fares for a year. Critics say Forty stops closed.",
             ["fares.md:9:1: error: quote found in article 'fares', but not with this prefix, suffix or occurrence",
              "note: if the note still holds for it, write prefix=\"Critics say \" pinned=sentence in its attributes"]),
        ] {
            try site.write("content/articles/fares.md", "---\ntitle: Fares\n---\n\n\(edited)\n")
            try site.write("content/annotations/fares.md", pinnedNotes)
            try? FileManager.default.removeItem(atPath: site.directory + "/public")
            let built = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(built.status, 1, edited)
            for line in expected { XCTAssertTrue(built.stderr.contains(line), edited + "\n" + built.stderr) }
            XCTAssertTrue(built.stderr.contains("gen: build failed with 1 error"), built.stderr)
        }
        // As it was: builds.
        try site.write("content/articles/fares.md", "---\ntitle: Fares\n---\n\nThe council froze bus fares for a year. Forty stops closed.\n")
        let fresh = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(fresh.status, 0, fresh.stderr)
        // Both pinned (one by its sentence alone): none is named as not compared.
        XCTAssertFalse(fresh.stdout.contains("not compared"), fresh.stdout)
        // A value other than 'sentence' is an error at it.
        try site.write("content/annotations/fares.md", pinnedNotes.replacingOccurrences(of: "verdict=false pinned=sentence", with: "verdict=false pinned=yes"))
        let wrong = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertTrue(wrong.stderr.contains("content/annotations/fares.md:9:"), wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("error: pinned may only be 'sentence', not 'yes'"), wrong.stderr)
    }
}

/// A fact check whose sentence changed since the last build is not pinned to its new words
/// without a word: that would pass them for read again. Accepted (--accept-claim-change SLUG#ID,
/// or --accept-claim-changes) it is, and the build after it publishes the verdict.
final class ClaimPinOfAChangedSentenceTests: XCTestCase {
    func testAChangedSentenceIsPinnedOnlyWhenAccepted() throws {
        let site = try TemporarySite([
            "content/articles/port.md": "---\ntitle: Port\n---\n\nShe wrote that close to one hundred dredgers would be needed.\n",
            "content/annotations/port.md": "> close to one hundred dredgers\n\n{#dredgers .fact-check verdict=false}\n\nFar fewer.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try site.write("content/articles/port.md", try site.read("content/articles/port.md")
            .replacingOccurrences(of: "She wrote that", with: "She denied that"))
        let notes = try site.read("content/annotations/port.md")
        let refused = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertEqual(refused.status, 0, refused.stderr)
        XCTAssertEqual(refused.stdout, "gen: pinned 0 fact checks; 1 not pinned, their sentence or place having changed since the "
                       + "last build (above): port#dredgers; read them again, then pin each with --accept-claim-change SLUG#ID "
                       + "(or all with --accept-claim-changes)\n")
        XCTAssertTrue(refused.stderr.hasPrefix(
            "content/annotations/port.md:1:1: warning: the sentence of fact check 'dredgers' changed around its quote in article 'port'\n"),
                      refused.stderr)
        XCTAssertFalse(refused.stderr.contains("accepted"), refused.stderr)
        XCTAssertEqual(try site.read("content/annotations/port.md"), notes)
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 1)

        // Accepted by name (a misspelt name is an error, and pins nothing of its own).
        let misspelt = try GenProcess.run(["annotations", "pin", "--accept-claim-change", "port#dredger", "--site", site.directory])
        XCTAssertEqual(misspelt.status, 1)
        XCTAssertTrue(misspelt.stderr.contains("error: --accept-claim-change 'port#dredger': the site has no such note\n"
                                               + "note: did you mean 'port#dredgers'?"), misspelt.stderr)
        XCTAssertEqual(try site.read("content/annotations/port.md"), notes)
        let accepted = try GenProcess.run(["annotations", "pin", "--accept-claim-change", "port#dredgers", "--site", site.directory])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertTrue(accepted.stdout.hasSuffix("gen: pinned 1 fact check\n"), accepted.stdout)
        XCTAssertTrue(try site.read("content/annotations/port.md").contains(
            #"{#dredgers .fact-check verdict=false prefix="She denied that " suffix=" would be needed." pinned=sentence}"#))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, "")
    }
}

/// The commands that compare with the last build without writing one find it where `gen build`
/// wrote it: `--output`, as for `gen build`.
final class LastBuildElsewhereTests: XCTestCase {
    func testPinAndCheckCompareWithTheBuildOutputNames() throws {
        let site = try TemporarySite([
            "content/articles/port.md": "---\ntitle: Port\n---\n\nShe wrote that close to one hundred dredgers would be needed.\n",
            "content/annotations/port.md": "> close to one hundred dredgers\n\n{#dredgers .fact-check verdict=false}\n\nFar fewer.\n",
        ])
        let output = site.directory + "/_site"
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory, "--output", output]).status, 0)
        try site.write("content/articles/port.md", try site.read("content/articles/port.md")
            .replacingOccurrences(of: "She wrote that", with: "She denied that"))
        let built = try GenProcess.run(["build", "--site", site.directory, "--output", output])
        XCTAssertEqual(built.status, 1)
        XCTAssertTrue(built.stderr.contains("note: run the gen commands suggested above with --site \(site.directory) --output \(output), "
                                            + "so that they compare with this build\n"), built.stderr)
        let notes = try site.read("content/annotations/port.md")
        let checked = try GenProcess.run(["check", "--no-search", "--site", site.directory, "--output", output])
        XCTAssertEqual(checked.status, 1)
        XCTAssertTrue(checked.stderr.contains("error: the sentence of fact check 'dredgers' changed"), checked.stderr)
        let refused = try GenProcess.run(["annotations", "pin", "--site", site.directory, "--output", output])
        XCTAssertTrue(refused.stdout.hasPrefix("gen: pinned 0 fact checks; 1 not pinned, their sentence or place having changed"),
                      refused.stdout)
        XCTAssertEqual(try site.read("content/annotations/port.md"), notes)
        // A folder named that holds no build is an error, not a comparison with nothing.
        let nowhere = try GenProcess.run(["annotations", "pin", "--site", site.directory, "--output", site.directory + "/nowhere"])
        XCTAssertEqual(nowhere.status, 1)
        XCTAssertEqual(nowhere.stderr, "gen: error: no build of the site in \(site.directory)/nowhere to compare its notes with\n"
                       + "note: name the folder gen build writes to, or build the site there first\n")
        XCTAssertEqual(try site.read("content/annotations/port.md"), notes)
        // Without --output, where public/ holds none but the site's other output does: refused,
        // naming it (pinned blind, the changed sentence would pass for read again).
        let blind = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertEqual(blind.status, 1)
        XCTAssertEqual(blind.stderr, "gen: error: no last build in \(site.directory)/public, but _site/ holds one: the sentences are "
                       + "compared with the last build before they are pinned\nnote: name it: gen annotations pin --output _site\n")
        XCTAssertEqual(try site.read("content/annotations/port.md"), notes)
        // With no build anywhere, the pin says it compared nothing.
        try FileManager.default.removeItem(atPath: output)
        let fresh = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertTrue(fresh.stderr.hasPrefix("gen: warning: no last build to compare the sentences with (\(site.directory)/public "
                                             + "holds none): each fact check is pinned as its sentence reads now\n"), fresh.stderr)
    }

    /// A paragraph's first word, words past an abbreviation, the lead-in of a quotation or a
    /// list, and a table row's other cells are words of the claim.
    func testTheSentencesFirstWordAndWordsPastAnAbbreviationAreCompared() throws {
        let cases = [("Nobody in the U.S. Congress believes the bridge will open.", "Nobody", "Everyone", "'Nobody' → 'Everyone'"),
                     ("Officials denied, e.g. in a letter, that the bridge will open.", "denied", "confirmed", "'denied' → 'confirmed'"),
                     ("Officials denied at 9 p.m. on Friday that the bridge will open.", "denied", "confirmed", "'denied' → 'confirmed'"),
                     ("Officials at No. 10 denied that the bridge will open.", "denied", "confirmed", "'denied' → 'confirmed'"),
                     ("The mayor said:\n\n- the bridge will open", "said", "never said", "'never' added"),
                     ("The mayor said:\n\n> The bridge will open.", "said", "never said", "'never' added"),
                     ("| Who | Claim |\n|---|---|\n| The mayor | the bridge will open |", "mayor", "auditor", "'mayor' → 'auditor'")]
        for (sentence, word, replacement, change) in cases {
            let site = try TemporarySite([
                "content/articles/bridge.md": "---\ntitle: Bridge\n---\n\nThe port is old.\n\n\(sentence)\n",
                "content/annotations/bridge.md": "> \(sentence.contains("> The") ? "The" : "the") bridge will open\n\n"
                    + "{#open .fact-check verdict=false}\n\nIt will not.\n",
            ])
            XCTAssertEqual(try GenProcess.run(["build", "--no-search", "--site", site.directory]).status, 0)
            try site.write("content/articles/bridge.md", try site.read("content/articles/bridge.md")
                .replacingOccurrences(of: word, with: replacement))
            let built = try GenProcess.run(["build", "--no-search", "--site", site.directory])
            XCTAssertEqual(built.status, 1, sentence)
            XCTAssertTrue(built.stderr.contains("note: changed: ") && built.stderr.contains(change), built.stderr)
        }
    }
}

/// A fact check moved with its passage to another article (one split in two) is compared with
/// the words its verdict was given for in the first.
final class FactCheckMovedToAnotherArticleTests: XCTestCase {
    func testItsSentenceThereIsCompared() throws {
        for (sentence, fails) in [("Critics wrongly claim the port authority has never run a deficit.", true),
                                  ("The port authority has never run a deficit.", false)] {
            let site = try TemporarySite([
                "content/articles/harbour.md": "---\ntitle: Harbour\n---\n\nThe plan will cost £14m. The port authority has never run a deficit.\n",
                "content/annotations/harbour.md": "> has never run a deficit\n\n{#deficit .fact-check verdict=true}\n\nAccounts agree.\n",
            ])
            XCTAssertEqual(try GenProcess.run(["build", "--no-search", "--site", site.directory]).status, 0)
            try site.write("content/articles/harbour.md", "---\ntitle: Harbour\n---\n\nThe plan will cost £14m.\n")
            try site.write("content/articles/port.md", "---\ntitle: Port\n---\n\n\(sentence)\n")
            try site.write("content/annotations/port.md", try site.read("content/annotations/harbour.md"))
            try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/harbour.md")
            let built = try GenProcess.run(["build", "--no-search", "--site", site.directory])
            XCTAssertTrue(built.stderr.contains("content/articles/port.md:1:1: warning: fact check 'deficit' is new in article 'port', "
                                                + "and '/articles/harbour/' had it until the last build: its words are compared with its "
                                                + "place there\n"), built.stderr)
            XCTAssertFalse(built.stdout.contains("not compared"), built.stdout)
            if fails {
                XCTAssertEqual(built.status, 1)
                XCTAssertTrue(built.stderr.contains("note: changed: 'Critics wrongly claim' added\n"), built.stderr)
            } else {
                XCTAssertEqual(built.status, 0, built.stderr)
                // Published in its new article: the next build has nothing to say.
                let again = try GenProcess.run(["build", "--no-search", "--site", site.directory])
                XCTAssertEqual(again.stderr, "")
            }
        }
    }
}

/// A pinned fact check whose sentence changed can be held for review: it stays on its words (in
/// the article once), publishes no verdict, and the rest of the site goes out, under --strict too.
final class PinnedFactCheckHeldForReviewTests: XCTestCase {
    func testAHeldPinnedFactCheckStaysOnItsWords() throws {
        let site = try TemporarySite([
            "content/articles/t.md": "---\ntitle: T\n---\n\nThe minister said that rail fares were frozen for 2025. Unions disagreed.\n",
            "content/annotations/t.md": "> rail fares were frozen for 2025\n\n{#fares .fact-check verdict=false}\n\nThey rose.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["annotations", "pin", "--site", site.directory]).status, 0)
        try site.write("content/articles/t.md", try site.read("content/articles/t.md").replacingOccurrences(of: "said", with: "denied"))
        let failed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(failed.status, 1)
        // Its suffix (".") stands everywhere: what changed is its sentence, and that is what is said.
        XCTAssertTrue(failed.stderr.contains("note: its sentence changed: 'said' → 'denied'; read it again\n"), failed.stderr)
        XCTAssertFalse(failed.stderr.contains("is still in the article, around other words"), failed.stderr)
        try site.write("content/annotations/t.md", try site.read("content/annotations/t.md")
            .replacingOccurrences(of: "verdict=false", with: "verdict=false review=\"the minister now denies it\""))
        let held = try GenProcess.run(["build", "--strict", "--site", site.directory])
        XCTAssertEqual(held.status, 0, held.stderr)
        XCTAssertTrue(held.stderr.contains("warning: fact check 'fares', held for review, no longer matches its prefix or suffix"),
                      held.stderr)
        let page = try site.read("public/articles/t/index.html")
        XCTAssertTrue(page.contains("id=\"mark-fares\""), page)
        XCTAssertFalse(page.contains("verdict-false"), page)
        XCTAssertFalse(page.contains("ClaimReview"), page)
    }
}

/// A fact check's sentence turned around in the same edit as a mended spelling in its quote:
/// neither `gen check --fix-anchors` nor the build after it lets the verdict stand unsaid.
final class ChangedSentenceRepairTests: XCTestCase {
    let article = "---\ntitle: Water\n---\n\nRain falls on hills. Scientists sometimes say that the water you drink today "
        + "may once have been drunk by a dinosuar, because water is recycled.\n"
    let notes = "> the water you drink today may once have been drunk by a dinosuar\n\n{#dinosaur .fact-check verdict=mostly-true}\n\nTrue.\n"

    func edited() throws -> TemporarySite {
        let site = try TemporarySite(["content/articles/water.md": article, "content/annotations/water.md": notes])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try site.write("content/articles/water.md", article.replacingOccurrences(of: "sometimes say", with: "now deny")
            .replacingOccurrences(of: "dinosuar", with: "dinosaur"))
        return site
    }

    func testTheRepairIsHeldAndEveryWarningCounted() throws {
        let site = try edited()
        let held = try GenProcess.run(["check", "--fix-anchors", "--site", site.directory])
        XCTAssertEqual(held.status, 1)
        XCTAssertEqual(try site.read("content/annotations/water.md"), notes)
        XCTAssertTrue(held.stderr.contains("""
            content/annotations/water.md:1:1: warning: the sentence of fact check 'dinosaur' changed around its quote: \
            'sometimes' → 'now', 'say' → 'deny'; its quote was left as it was
            """), held.stderr)
        XCTAssertTrue(held.stdout.hasSuffix("gen: checked 1 article: 1 error, 1 warning\n"), held.stdout)
        XCTAssertTrue(held.stdout.contains("gen: fixed 0 anchors; 1 repair held back for review (warnings below)\n"), held.stdout)

        let accepted = try GenProcess.run(["check", "--fix-anchors", "--accept-claim-changes", "--site", site.directory])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertTrue(try site.read("content/annotations/water.md").hasPrefix("> the water you drink today may once have been drunk by a dinosaur\n"))
        XCTAssertTrue(accepted.stderr.contains("'sometimes' → 'now', 'say' → 'deny'; its quote was repaired"), accepted.stderr)
        XCTAssertTrue(accepted.stdout.hasSuffix("gen: checked 1 article: 0 errors, 2 warnings\n"), accepted.stdout)
    }

    /// A site with two fact checks on an article, built once.
    func builtBridgeSite() throws -> TemporarySite {
        let site = try TemporarySite([
            "content/articles/cost.md": "---\ntitle: Cost\n---\n\nThe bridge cost £14m to build. It opened in 2019.\n",
            "content/annotations/cost.md": "> cost £14m to build\n\n{#cost .fact-check verdict=true}\n\nIt did.\n\n"
                + "> opened in 2019\n\n{#opened .fact-check verdict=true}\n\nIt did.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        return site
    }

    /// A desk reads changed fact checks one at a time: a build accepts those it names and no
    /// other, and a name that is no note of the site is an error with the name it likely meant.
    func testChangedClaimsAreAcceptedOneByOneByName() throws {
        let site = try builtBridgeSite()
        for path in ["content/articles/cost.md", "content/annotations/cost.md"] {
            try site.write(path, try site.read(path).replacingOccurrences(of: "£14m", with: "£18m")
                .replacingOccurrences(of: "2019", with: "2021"))
        }
        let misspelt = try GenProcess.run(["build", "--accept-claim-change", "cost#costs", "--accept-claim-change", "cost#note-opened",
                                           "--site", site.directory])
        XCTAssertEqual(misspelt.status, 1)
        XCTAssertTrue(misspelt.stderr.contains("""
            error: --accept-claim-change 'cost#costs': the site has no such note
            note: did you mean 'cost#cost'?
            error: --accept-claim-change 'cost#note-opened': the site has no such note
            note: did you mean 'cost#opened'?
            """), misspelt.stderr)
        XCTAssertTrue(try site.read("public/articles/cost/index.html").contains("£14m"))

        let one = try GenProcess.run(["build", "--accept-claim-change", "cost#cost", "--site", site.directory])
        XCTAssertEqual(one.status, 1, one.stderr)
        XCTAssertTrue(one.stderr.contains("content/annotations/cost.md:1:1: warning: the claim of fact check 'cost' changed"), one.stderr)
        XCTAssertTrue(one.stderr.contains("content/annotations/cost.md:7:1: error: the claim of fact check 'opened' changed"), one.stderr)
        XCTAssertTrue(one.stderr.contains("build once with --accept-claim-change cost#opened\n"), one.stderr)
        XCTAssertTrue(try site.read("public/articles/cost/index.html").contains("£14m"))

        let both = try GenProcess.run(["build", "--accept-claim-change", "cost#cost", "--accept-claim-change", "cost#opened",
                                       "--strict", "--site", site.directory])
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(try site.read("public/articles/cost/index.html").contains("£18m"))
    }

    /// The claim changed in the article only: the quote is not found, and the error names the
    /// note and the command that repairs it once read again (its verdict at risk, in JSON too).
    /// A name that accepts nothing is said; the two ways of accepting are one or the other.
    func testAChangedClaimNotFoundNamesItsRepairAndUnusedNamesAreSaid() throws {
        let site = try builtBridgeSite()
        try site.write("content/articles/cost.md", try site.read("content/articles/cost.md").replacingOccurrences(of: "£14m", with: "£18m"))
        let built = try GenProcess.run(["build", "--accept-claim-change", "cost#opened", "--site", site.directory])
        XCTAssertEqual(built.status, 1)
        XCTAssertTrue(built.stderr.contains("""
            note: then repair the quote by hand, or with gen check --fix-anchors --accept-claim-change cost#cost (which marks the note for review)
            """), built.stderr)
        XCTAssertTrue(built.stderr.contains("""
            warning: --accept-claim-change 'cost#opened' accepts nothing: its claim, sentence and place are as in the last build
            """), built.stderr)
        let json = try GenProcess.run(["check", "--format", "json", "--site", site.directory])
        XCTAssertTrue(json.stdout.contains(#""verdict_at_risk": "cost#cost""#), json.stdout)
        // A claim rewritten further than --fix-anchors takes for the quote's: written by hand.
        try site.write("content/articles/cost.md", try site.read("content/articles/cost.md")
            .replacingOccurrences(of: "cost £18m to build", with: "cost nearly £19.5m overall to build"))
        let far = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertTrue(far.stderr.contains("note: then write its new words into the quote by hand (the passage differs too much "
                                          + "for --fix-anchors to take it for the quote's)"), far.stderr)
        try site.write("content/articles/cost.md", try site.read("content/articles/cost.md")
            .replacingOccurrences(of: "cost nearly £19.5m overall to build", with: "cost £18m to build"))
        let fixed = try GenProcess.run(["check", "--fix-anchors", "--accept-claim-change", "cost#cost", "--site", site.directory])
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertFalse(fixed.stderr.contains("accepts nothing"), fixed.stderr)
        let repaired = try site.read("content/annotations/cost.md")
        XCTAssertTrue(repaired.hasPrefix("> cost £18m to build\n\n{#cost .fact-check verdict=true review=\"its claim changed: '£14m' → '£18m'\"}"),
                      repaired)
        let both = try GenProcess.run(["build", "--accept-claim-changes", "--accept-claim-change", "cost#cost", "--site", site.directory])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("not both"), both.stderr)
    }

    /// The article and the quote edited together (a find and replace): the claim rated is not
    /// the one of the last build. The build says so and fails, and so does every build after it
    /// (the last one stays in place) until one accepts the change; then nothing more is said.
    func testAClaimReplacedInTheArticleAndTheQuoteIsAnErrorUntilAccepted() throws {
        let site = try TemporarySite(["content/articles/cost.md": "---\ntitle: Cost\n---\n\nThe bridge cost £14m to build, the council said.\n",
                                      "content/annotations/cost.md": "> cost £14m to build\n\n{#cost .fact-check verdict=true}\n\nIt did.\n"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        for path in ["content/articles/cost.md", "content/annotations/cost.md"] {
            try site.write(path, try site.read(path).replacingOccurrences(of: "£14m", with: "£18m"))
        }
        let error = """
            content/annotations/cost.md:1:1: error: the claim of fact check 'cost' changed since the last build, in article 'cost' and in its quote: '£14m' → '£18m'
            """
        for _ in 1...2 {
            let built = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(built.status, 1, built.stderr)
            XCTAssertTrue(built.stderr.contains(error), built.stderr)
            XCTAssertTrue(built.stderr.contains("note: if the verdict holds for the words the article has now, build once with --accept-claim-change cost#cost\n"),
                          built.stderr)
            XCTAssertTrue(try site.read("public/articles/cost/index.html").contains("£14m"))
        }
        let checked = try GenProcess.run(["check", "--site", site.directory])
        XCTAssertEqual(checked.status, 1, checked.stderr)
        XCTAssertTrue(checked.stderr.contains(error), checked.stderr)
        let acceptedCheck = try GenProcess.run(["check", "--accept-claim-changes", "--site", site.directory])
        XCTAssertEqual(acceptedCheck.status, 0, acceptedCheck.stderr)
        // A pin does not say the quote's new words were read again: not pinned, and said how.
        let pinned = try GenProcess.run(["annotations", "pin", "--accept-claim-changes", "--site", site.directory])
        XCTAssertTrue(pinned.stdout.hasSuffix("1 not pinned, their claim having changed since the last build (the words of their quote, the lead-in they read with, or the place their occurrence picks: above): "
                                              + "cost#cost; read them again, then build once with --accept-claim-change SLUG#ID for each "
                                              + "(or --accept-claim-changes)\n"), pinned.stdout)
        // Accepted by name: read again, so a warning that --strict (CI) leaves one.
        let accepted = try GenProcess.run(["build", "--accept-claim-change", "cost#cost", "--strict", "--site", site.directory])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertTrue(accepted.stderr.contains(error.replacingOccurrences(of: ": error: ", with: ": warning: ")), accepted.stderr)
        XCTAssertTrue(try site.read("public/articles/cost/index.html").contains("£18m"))
        let after = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(after.stderr, "")
    }

    /// A fact check with a prefix of its own: the rest of its sentence is compared all the same.
    func testASentenceChangedPastAHandWrittenPrefixIsAnError() throws {
        let site = try TemporarySite(["content/articles/care.md": "---\ntitle: Care\n---\n\nAlan Price said emergency care would not be affected.\n",
                                      "content/annotations/care.md": "> emergency care would not be affected\n\n"
                                        + "{#care .fact-check verdict=false prefix=\"said \"}\n\nIt was.\n"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try site.write("content/articles/care.md", try site.read("content/articles/care.md")
            .replacingOccurrences(of: "Alan Price said", with: "Officials denied Alan Price said"))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 1, built.stderr)
        XCTAssertTrue(built.stderr.contains("error: the sentence of fact check 'care' changed around its quote in article 'care'"),
                      built.stderr)
        // The sentence's first word counts as any other: it starts the paragraph, and is whole.
        XCTAssertTrue(built.stderr.contains("note: changed: 'Officials denied' added\n"), built.stderr)
    }

    /// The quote mended by hand: the next build compares its sentence with the last build's.
    func testTheBuildAfterAQuoteMendedByHandFails() throws {
        let site = try edited()
        try site.write("content/annotations/water.md", notes.replacingOccurrences(of: "dinosuar", with: "dinosaur"))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 1, built.stderr)
        XCTAssertTrue(built.stderr.contains("""
            content/annotations/water.md:1:1: error: the sentence of fact check 'dinosaur' changed around its quote in article 'water'
            """), built.stderr)
        XCTAssertTrue(built.stderr.contains("note: changed: 'sometimes' → 'now', 'say' → 'deny'\n"), built.stderr)
    }
}
