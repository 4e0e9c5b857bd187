import Foundation
import TestSupport
import XCTest

final class AnnotationsCommandTests: XCTestCase {
    /// A site of one article `a` (`article`: its whole file) and its notes, built, with gen's
    /// export of the notes copied out: the site, and the export's path.
    func exported(article: String, notes: String) throws -> (TemporarySite, String) {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/articles/a.md": article,
            "content/annotations/a.md": notes,
        ])
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
        let exported = site.directory + "/exported.json"
        try FileManager.default.copyItem(atPath: site.directory + "/public/articles/a/annotations.jsonld", toPath: exported)
        return (site, exported)
    }

    /// gen's export imported again into a site that keeps the notes in a file of another name:
    /// each note already there, same id on the same words, is not imported twice (a verdict
    /// would be published twice); an annotation made on the article's old address (one of its
    /// `aliases`) is placed on it.
    func testImportSkipsNotesTheArticleHasAndFindsOldAddresses() throws {
        let (site, exported) = try exported(article: "---\ntitle: A\n---\nThe council approved the budget on Tuesday.\n",
                                            notes: "> approved the budget\n\n{#budget .fact-check verdict=true}\n\nThe minutes say so.\n")
        let notes = try site.read("content/annotations/a.md")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/a.md")
        try site.write("content/annotations/desk.md", "---\narticle: a\n---\n" + notes)
        let again = try GenProcess.run(["annotations", "import", exported], in: site.directory)
        XCTAssertTrue((again.stdout + again.stderr).contains("warning: note 'budget' of article 'a' is in content/annotations/desk.md already, on the "
                                            + "same words: the annotation was not imported again\n"
                                            + "content/annotations/desk.md:4:1: note: the note is here"), again.stdout + again.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.directory + "/content/annotations/a.md"))

        try FileManager.default.moveItem(atPath: site.directory + "/content/articles/a.md", toPath: site.directory + "/content/articles/b.md")
        try site.write("content/articles/b.md", "---\ntitle: A\naliases: [/articles/a/]\n---\nThe council approved the budget on Tuesday.\n")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/desk.md")
        let renamed = try GenProcess.run(["annotations", "import", exported], in: site.directory)
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(try site.read("content/annotations/b.md").contains("{#budget .fact-check verdict=\"true\"}"))
    }

    /// A fact check on a list item, whose sentence is the item (its export's prefix empty, its
    /// suffix "."), imports back on the article it was exported from.
    func testAListItemsFactCheckImportsBack() throws {
        let (site, exported) = try exported(article: "---\ntitle: A\n---\nThe plan includes:\n\n- a new sea wall;\n"
                                            + "- a visitor centre that will open in 2027.\n",
                                            notes: "> a visitor centre that will open in 2027\n\n{#visitor .fact-check verdict=false}\n\nNo.\n")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/a.md")
        let imported = try GenProcess.run(["annotations", "import", exported], in: site.directory)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(try site.read("content/annotations/a.md").contains("{#visitor .fact-check verdict=\"false\"}"))
    }

    /// gen's own export imported back with the command: written once, refused a second time,
    /// replaced with --force.
    func testImportWritesOnceAndNeverOverwritesWithoutForce() throws {
        let (site, exported) = try exported(article: "---\ntitle: A\n---\nThe council approved the *budget* on Tuesday.\n",
                                            notes: "> approved the budget\n\n{#budget tags=\"money\"}\n\nSee the [minutes](https://example.org/m).\n")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/a.md")

        let first = try GenProcess.run(["annotations", "import", exported], in: site.directory)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "wrote 1 note to content/annotations/a.md\ngen: imported 1 annotation\n")
        XCTAssertEqual(try site.read("content/annotations/a.md"),
                       "> approved the budget\n\n{#budget tags=\"money\"}\n\nSee the [minutes](https://example.org/m).\n")

        let second = try GenProcess.run(["annotations", "import", exported], in: site.directory)
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.hasPrefix(exported + ":1:"), second.stderr)
        XCTAssertTrue(second.stderr.contains("error: content/annotations/a.md exists (1 note): the annotation was not imported\n"
                                             + "note: --force replaces the file and its note with the imported ones; to keep it, "
                                             + "rename the file (with 'article: a' in its front matter) and import again"), second.stderr)
        XCTAssertEqual(second.stdout, "gen: imported 0 annotations; 1 annotation not imported\n")

        XCTAssertEqual(try GenProcess.run(["annotations", "import", exported, "--force"], in: site.directory).status, 0)
        XCTAssertEqual(try GenProcess.run(["check"], in: site.directory).status, 0)
    }

    /// --force says which notes of the file it replaced are gone, and which verdicts with them.
    func testForceSaysWhichNotesAndVerdictsItReplaced() throws {
        let (site, exported) = try exported(article: "---\ntitle: A\n---\nThe council approved the budget on Tuesday. It cost £4m.\n",
                                            notes: "> approved the budget\n\n{#budget}\n\nSee the minutes.\n")
        try site.write("content/annotations/a.md", "> approved the budget\n\n{#budget}\n\nSee the minutes.\n\n"
                       + "> It cost £4m\n\n{#cost .fact-check verdict=false}\n\nIt cost £6m.\n")
        let replaced = try GenProcess.run(["annotations", "import", exported, "--force"], in: site.directory)
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertEqual(replaced.stderr, "content/annotations/a.md:1:1: warning: content/annotations/a.md was replaced: 1 note of it is not "
                       + "among the imported ones: 'cost'\nnote: the verdict of its fact check 'cost' (false) is no longer published\n")
        // A note of the same id rated otherwise by the import is said too.
        try site.write("content/annotations/a.md", "> approved the budget\n\n{#budget .fact-check verdict=true}\n\nSee the minutes.\n")
        let rerated = try GenProcess.run(["annotations", "import", exported, "--force"], in: site.directory)
        XCTAssertTrue(rerated.stderr.contains("warning: content/annotations/a.md was replaced: note 'budget' is no longer a fact check, "
                                              + "and its verdict 'true' no longer published"), rerated.stderr)
    }

    func testAFileThatCannotBeReadIsSaidWhy() throws {
        let site = try TemporarySite(["content/articles/a.md": "---\ntitle: A\n---\nText.\n"])
        let missing = try GenProcess.run(["annotations", "import", "notes.json"], in: site.directory)
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "gen: error: cannot read 'notes.json': there is no such file\n"
                       + "note: give the JSON file of W3C Web Annotations to import (a Hypothesis export, or a page's "
                       + "annotations.jsonld from a gen build)\n")
        XCTAssertTrue(try GenProcess.run(["annotations", "import", "content"], in: site.directory).stderr
            .hasPrefix("gen: error: cannot read 'content': it is a folder\n"))
    }

    /// A pin is gen's, not the annotation's: the fact checks that lose theirs to --force are named.
    func testForceSaysWhichFactChecksLoseTheirPins() throws {
        // Its words stand twice: the import writes the exported place's prefix and suffix to pick
        // one, which are no pin either.
        let (site, exported) = try exported(article: "---\ntitle: A\n---\nThe council approved the budget on Tuesday. Critics approved the budget too.\n",
                                            notes: "> approved the budget\n\n{#budget .fact-check verdict=true occurrence=1}\n\nSee the minutes.\n")
        try site.write("content/annotations/a.md", "> approved the budget\n\n{#budget .fact-check verdict=true "
                       + "prefix=\"The council \" suffix=\" on Tuesday.\" pinned=sentence}\n\nSee the minutes.\n")
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
        let unpinned = try GenProcess.run(["annotations", "import", exported, "--force"], in: site.directory)
        XCTAssertEqual(unpinned.status, 0, unpinned.stderr)
        XCTAssertTrue(unpinned.stderr.contains("content/annotations/a.md:1:1: warning: content/annotations/a.md was replaced: fact check "
                                               + "'budget' is no longer pinned to its sentence (an annotation carries no pin)\n"
                                               + "note: once it is read again for the words it has now, pin it again: gen annotations pin\n"),
                      unpinned.stderr)
    }

    /// A fact check imported from an export made before its sentence changed is held for review:
    /// its exported prefix and suffix (its whole sentence) say what its verdict was given for.
    func testAFactCheckWhoseSentenceChangedSinceItsExportIsImportedForReview() throws {
        let article = "---\ntitle: A\n---\nThe minister said that 120 nurses were hired in March. Unions disagreed.\n"
        let (site, exported) = try exported(article: article,
                                            notes: "> 120 nurses were hired in March\n\n{#nurses .fact-check verdict=true}\n\nThe payroll shows it.\n")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/a.md")
        try FileManager.default.removeItem(atPath: site.directory + "/public")
        try site.write("content/articles/a.md", article.replacingOccurrences(of: "minister said", with: "minister denied"))

        let imported = try GenProcess.run(["annotations", "import", exported], in: site.directory)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stderr.contains(": warning: the sentence of this fact check reads otherwise in article 'a' than where "
                                               + "it was exported: 'said' → 'denied'\n"), imported.stderr)
        XCTAssertEqual(try site.read("content/annotations/a.md"),
                       "> 120 nurses were hired in March\n\n{#nurses .fact-check verdict=\"true\" review=\"its sentence changed since it "
                       + "was exported: 'said' → 'denied'\"}\n\nThe payroll shows it.\n")
        let built = try GenProcess.run(["build"], in: site.directory)
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertFalse(try site.read("public/articles/a/index.html").contains("ClaimReview"))
    }

    /// Context another tool cut inside a word is no sentence to compare: an unchanged fact check
    /// is imported as it is.
    func testShortContextCutInsideAWordHoldsNothingForReview() throws {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/articles/a.md": "---\ntitle: A\n---\nThe minister said that 120 nurses were hired in March, officials added.\n",
        ])
        let annotation = #"[{"type":"Annotation","motivation":"assessing","body":[{"type":"TextualBody","value":"Payroll.","purpose":"commenting"},"#
            + #"{"type":"TextualBody","purpose":"classifying","value":"true"}],"target":{"source":"https://example.org/articles/a/","#
            + #""selector":[{"type":"TextQuoteSelector","exact":"120 nurses were hired in March","prefix":"ter said that ","suffix":", offic"}]}}]"#
        try site.write("notes.json", annotation)
        let imported = try GenProcess.run(["annotations", "import", site.directory + "/notes.json"], in: site.directory)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stderr, "")
        XCTAssertFalse(try site.read("content/annotations/a.md").contains("review="))
    }

    /// JSON nested deeper than any annotation is an error at its place, never a crash (each
    /// level was a level of recursion).
    func testDeeplyNestedJSONIsAnError() throws {
        let site = try TemporarySite(["content/articles/a.md": "---\ntitle: A\n---\nText.\n",
                                      "deep.json": String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000),
                                      "keys.json": String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)])
        for (file, column) in [("deep.json", 513), ("keys.json", 2561)] {
            let imported = try GenProcess.run(["annotations", "import", file], in: site.directory)
            XCTAssertEqual(imported.status, 1, imported.stderr)
            XCTAssertTrue(imported.stderr.hasPrefix("\(file):1:\(column): error: malformed JSON: objects and arrays nested more than 512 deep\n"),
                          imported.stderr)
        }
    }

    /// --fix-anchors, two sentences as close to an edited quote: the one where the note was in
    /// public/ is taken.
    func testFixAnchorsTakesThePlaceInTheLiveOutput() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\n---\nIn March the board approved the plan on Monday. In May the board approved the plan on Friday.\n",
            "content/annotations/a.md": "> the board approved the plan on Friday\n\n{#plan}\n\nA note.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["build"], in: site.directory).status, 0)
        try site.write("content/articles/a.md",
                       "---\ntitle: A\n---\nIn March the board approved the plan on Monday. In May the board approved the plan on Sunday.\n")
        let fixed = try GenProcess.run(["check", "--fix-anchors"], in: site.directory)
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertEqual(try site.read("content/annotations/a.md"), "> the board approved the plan on Sunday\n\n{#plan}\n\nA note.\n")
    }
}
