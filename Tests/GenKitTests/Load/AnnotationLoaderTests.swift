@testable import GenKit
import TestSupport
import XCTest

final class AttributesTests: XCTestCase {
    func testPandocAttributeSyntax() throws {
        let attributes = try Attributes.parse(#"{#fec-volunteers .fact-check verdict=true prefix="the words \"before\"" occurrence=2}"#).get()
        XCTAssertEqual(attributes.id, "fec-volunteers")
        XCTAssertEqual(attributes.classes, ["fact-check"])
        XCTAssertEqual(attributes.value("verdict"), "true")
        XCTAssertEqual(attributes.value("prefix"), #"the words "before""#)
        XCTAssertEqual(attributes.value("occurrence"), "2")
    }

    func testMalformedAttributes() {
        XCTAssertEqual(Attributes.parse("{#a #b}").failureMessage, "a note has one id; '#b' is a second")
        XCTAssertEqual(Attributes.parse("{prefix=\"open}").failureMessage, "the value of 'prefix' has no closing '\"'")
        XCTAssertEqual(Attributes.parse("{verdict}").failureMessage, "expected '#id', '.class' or 'key=value', found 'verdict'")
    }
}

private extension Result where Failure == AttributeError {
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}

final class AnnotationLoaderTests: XCTestCase {
    func parse(_ text: String, path: String = "content/annotations/story.md") -> (AnnotationFile, [String]) {
        var diagnostics = DiagnosticList()
        let loader = AnnotationLoader(fileSystem: LocalFileSystem(), siteDirectory: "/", verdicts: SiteConfig().verdicts)
        let file = loader.parse(text, path: path, diagnostics: &diagnostics)
        return (file, diagnostics.sorted.map(\.rendered))
    }

    /// An attribute line without its closing brace is reported at its end and read as if closed
    /// (the note keeps its id, kind and verdict; nothing of it becomes the body). One with the
    /// body on the very next line is read as attributes and body.
    func testAnAttributeLineNotClosedIsAnErrorNotTheBody() {
        let (file, diagnostics) = parse("> 220 jobs would be created\n\n{#jobs .fact-check verdict=false\n\nNo plan says so.\n")
        XCTAssertEqual(diagnostics, ["content/annotations/story.md:3:33: error: the note's attributes are not closed\n"
            + "note: end them with '}' on the same line: {#id .fact-check verdict=false}"])
        XCTAssertEqual(file.notes.map(\.id), ["jobs"])
        XCTAssertEqual(file.notes.first?.kind, .factCheck)
        XCTAssertEqual(file.notes.first?.verdict, "false")
        XCTAssertEqual(file.notes.first?.body, "No plan says so.")

        let (joined, none) = parse("> 220 jobs would be created\n\n{#jobs .fact-check verdict=false}\nNo plan says so.\n")
        XCTAssertEqual(none, [])
        XCTAssertEqual(joined.notes.map(\.id), ["jobs"])
        XCTAssertEqual(joined.notes.first?.verdict, "false")
        XCTAssertEqual(joined.notes.first?.body, "No plan says so.")
        XCTAssertEqual(joined.notes.first?.bodyLine, 4)
    }

    /// An attribute line right after the quote, with no blank line between, is what Markdown
    /// takes for the quote's last line: it is read as the attribute line it is, and said (the
    /// quote was not found, with its attributes in it, and nothing said why).
    func testAnAttributeLineRightAfterTheQuoteIsReadAsOneAndSaid() {
        for text in ["> It stopped running in 1851\n{#stopped .fact-check verdict=true}\n\nThe ferry's last log says so.\n",
                     "> It stopped running\n> in 1851\n{#stopped .fact-check verdict=true}\n\nThe ferry's last log says so.\n",
                     "> It stopped running in 1851\n> {#stopped .fact-check verdict=true}\n\nThe ferry's last log says so.\n",
                     "> It stopped running in 1851\n{#stopped .fact-check verdict=true}\nThe ferry's last log says so.\n"] {
            let (file, diagnostics) = parse(text)
            let line = text.split(separator: "\n").firstIndex { $0.contains("{#") }! + 1
            XCTAssertEqual(diagnostics, ["content/annotations/story.md:\(line):1: warning: this attribute line is read as part of the quote above it\n"
                + "note: leave a blank line between a quote and its attributes: Markdown reads a line right after '> …' as the quote's own"])
            XCTAssertEqual(file.notes.map(\.id), ["stopped"])
            XCTAssertEqual(file.notes.first?.quote, "It stopped running in 1851")
            XCTAssertEqual(file.notes.first?.verdict, "true")
            XCTAssertEqual(file.notes.first?.body, "The ferry's last log says so.")
        }
    }

    /// Curly quotation marks around a value (pasted from a word processor) are named as such.
    func testCurlyQuotesInAttributesAreNamed() {
        let (_, diagnostics) = parse("> the bridge\n\n{#b .context prefix=\u{201C}Before the \u{201D}}\n\nBody.\n")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertTrue(diagnostics[0].hasSuffix("\nnote: a value is quoted with straight quotation marks, prefix=\"words before\", "
                                               + "not curly ones (“…”), which a word processor may have put in"), diagnostics[0])
    }

    /// A note's date, its own or its file's; one that is no day of the calendar is an error at
    /// its value.
    func testANoteHasTheDateItOrItsFileGives() {
        let (file, none) = parse("---\ndate: 2025-03-01\n---\n> one\n\n{#a}\n\nA.\n\n> two\n\n{#b date=2025-03-05}\n\nB.\n")
        XCTAssertEqual(none, [])
        XCTAssertEqual(file.notes.map { $0.date?.isoDate }, ["2025-03-01", "2025-03-05"])
        // Later than the build: said (a review published on a day still to come).
        var diagnostics = DiagnosticList()
        let loader = AnnotationLoader(fileSystem: LocalFileSystem(), siteDirectory: "/", verdicts: SiteConfig().verdicts,
                                      now: SiteDate(parsing: "2025-03-10")!.instant)
        _ = loader.parse("> one\n\n{#a .fact-check verdict=true date=2099-01-01}\n\nA.\n", path: "content/annotations/story.md",
                         diagnostics: &diagnostics)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), ["content/annotations/story.md:3:35: warning: 'date' 2099-01-01 is later than "
            + "this build: a fact check's review would say it was published then\nnote: a note's date is the day it was written or its verdict given"])
        let (_, wrong) = parse("> one\n\n{#a .fact-check verdict=true date=2025-02-30}\n\nA.\n")
        XCTAssertEqual(wrong, ["content/annotations/story.md:3:35: error: 'date' 2025-02-30 is not a day of the calendar: February 2025 has 28 days"])
        // A quoted value is pointed at inside its quotes; a key given twice, at the key.
        let (_, quoted) = parse("> one\n\n{#a .fact-check verdict=\"ture\" date=\"2025-02-30\" date=\"2025-02-28\"}\n\nA.\n")
        XCTAssertEqual(quoted.map { $0.components(separatedBy: "\n")[0] }, [
            "content/annotations/story.md:3:26: error: unknown verdict 'ture'",
            "content/annotations/story.md:3:38: error: 'date' 2025-02-30 is not a day of the calendar: February 2025 has 28 days",
            "content/annotations/story.md:3:50: error: 'date' is given twice in the note's attributes",
        ])
    }

    /// A note dated before its article is a warning at the note; one of the article's day is not.
    func testANoteDatedBeforeItsArticleIsAWarning() throws {
        let site = try TemporarySite([
            "content/articles/a.md": "---\ntitle: A\ndate: 2025-03-04\n---\nThe council met on Tuesday.\n",
            "content/annotations/a.md": "> The council met\n\n{#met .fact-check verdict=true date=2024-03-04}\n\nIt did.\n\n"
                + "> on Tuesday\n\n{#day date=2025-03-04}\n\nIt was.\n",
        ])
        XCTAssertEqual(site.build().diagnostics.sorted.map(\.rendered), [
            "content/annotations/a.md:3:1: warning: note 'met' is dated 2024-03-04, before its article 'a' (2025-03-04)\n"
                + "note: a note's date is the day it was written or its verdict given, after the article",
        ])
    }

    /// The loader's line splitter cuts exactly where the generic split on the byte does.
    func testLinesSplitLikeTheGenericSplit() {
        let texts = ["", "\n", "\n\n", "one", "one\n", "one\ntwo", "one\r\ntwo\r\n", "\nfirst blank",
                     "é\n> “quoted” — yes\n\n\nlast", String(repeating: "line of text\n", count: 300)]
        for text in texts {
            XCTAssertEqual(AnnotationLoader.lines(of: text),
                           text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }, text)
        }
    }

    func testNotesQuotesAttributesAndBodies() {
        let (file, problems) = parse("""
        ---
        author: "Fact desk"
        ---

        > foreign nationals are *allowed* to volunteer
        > on campaigns

        {#fec .fact-check verdict=true author="Ana"}

        Federal law lets them volunteer.

        > > Quoted inside the body.

        More body.

        > Sofia Patel

        [[Sofia Patel]] is named in the post.
        """)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(file.article, "story")
        XCTAssertEqual(file.notes.count, 2)
        let first = file.notes[0]
        XCTAssertEqual(first.quote, "foreign nationals are allowed to volunteer on campaigns")
        XCTAssertEqual(first.id, "fec")
        XCTAssertEqual(first.kind, .factCheck)
        XCTAssertEqual(first.verdict, "true")
        XCTAssertEqual(first.author, "Ana")
        XCTAssertEqual(first.location, SourceLocation("content/annotations/story.md", line: 5, column: 1))
        XCTAssertEqual(first.quoteLines, 5...6)
        XCTAssertEqual(first.body, "Federal law lets them volunteer.\n\n> Quoted inside the body.\n\nMore body.")
        let second = file.notes[1]
        XCTAssertEqual(second.kind, .context)
        XCTAssertEqual(second.author, "Fact desk")
        XCTAssertFalse(second.explicitID)
    }

    func testArticleFromFrontMatter() {
        let (file, _) = parse("---\narticle: other-story\n---\n> x\n", path: "content/annotations/notes-1.md")
        XCTAssertEqual(file.article, "other-story")
        XCTAssertEqual(file.articleLocation, SourceLocation("content/annotations/notes-1.md", line: 2, column: 10))
    }

    func testVerdictRules() {
        let (_, problems) = parse("""
        > a

        {.fact-check}

        > b

        {.fact-check verdict=flase}

        > c

        {.context verdict=true}
        """)
        // Highest rating first.
        let scale = "true (True), mostly-true (Mostly true), misleading (Misleading), unsupported (Unsupported), false (False)"
        XCTAssertEqual(problems, [
            "content/annotations/story.md:3:1: error: a .fact-check note needs a verdict\nnote: add verdict=KEY to its attributes; the scale is: \(scale)",
            "content/annotations/story.md:7:22: error: unknown verdict 'flase'\nnote: did you mean 'false'?\nnote: the scale is: \(scale)",
            "content/annotations/story.md:11:19: error: only a .fact-check note has a verdict; this one is .context\nnote: add .fact-check to its attributes, or remove the verdict; the scale is: \(scale)",
        ])
    }

    func testUnknownKeysAndClassesWarn() {
        let (_, problems) = parse("> a\n\n{.factcheck verdit=true}\n")
        XCTAssertEqual(problems, [
            // Each at its place in the attributes.
            "content/annotations/story.md:3:2: warning: unknown note class '.factcheck'\nnote: did you mean '.fact-check'?",
            "content/annotations/story.md:3:13: warning: unknown note attribute 'verdit' is ignored\nnote: did you mean 'verdict'?",
        ])
    }

    /// A key given twice is an error at the second: which one holds is not for gen to guess.
    func testAKeyGivenTwiceIsAnError() {
        let (_, problems) = parse("> a\n\n{.fact-check verdict=true verdict=false}\n")
        XCTAssertEqual(problems, ["content/annotations/story.md:3:27: error: 'verdict' is given twice in the note's attributes\nnote: keep one"])
    }

    func testDuplicateAndDefaultIDs() {
        var diagnostics = DiagnosticList()
        let (a, _) = parse("> The council approved the budget on Tuesday\n\n> The council approved the budget on Tuesday night\n\n> x\n\n{#same}\n\n> y\n\n{#same}\n")
        let notes = CollectNotes.run([a], articles: ["story"], diagnostics: &diagnostics)["story"]!
        XCTAssertEqual(notes.map(\.id), ["the-council-approved-the-budget", "the-council-approved-the-budget-2", "same", "same"])
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/annotations/story.md:11:1: error: duplicate note id 'same'\ncontent/annotations/story.md:7:1: note: first used here",
        ])
    }

    func testUnknownArticleSuggestsTheClosest() {
        var diagnostics = DiagnosticList()
        let (file, _) = parse("> x\n", path: "content/annotations/labour-staf.md")
        _ = CollectNotes.run([file], articles: ["labour-staff", "other"], diagnostics: &diagnostics)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/annotations/labour-staf.md:1:1: error: no article 'labour-staf' for these notes\nnote: did you mean 'labour-staff'?\n"
                + "note: name the article with 'article: <slug>' in the front matter, or name the file <slug>.md",
        ])
    }
}

/// Notes for an article that is not there name the one meant: a close slug, or one the name
/// is a part of.
final class UnknownArticleTests: XCTestCase {
    func testASlugWrittenShortIsSuggested() throws {
        let site = try TemporarySite([
            "content/articles/jobless-rate.md": "---\ntitle: Jobless\n---\nUnemployment fell to 4.1%.\n",
            "content/annotations/notes.md": "---\narticle: jobless\n---\n> fell to 4.1%\n\nA note.\n",
        ])
        XCTAssertEqual(site.diagnosticLines(), [
            "content/annotations/notes.md:2:10: error: no article 'jobless' for these notes",
            "note: did you mean 'jobless-rate'?",
            "note: name the article with 'article: <slug>' in the front matter, or name the file <slug>.md",
        ])
    }

    /// The article renamed to a shorter slug, its notes still naming the long one.
    func testAnArticleRenamedShorterIsSuggested() throws {
        let site = try TemporarySite([
            "content/articles/school-closure.md": "---\ntitle: School\n---\nThe school will close in July.\n",
            "content/annotations/school-closure-what-the-council-said.md": "> will close in July\n\nA note.\n",
        ])
        XCTAssertEqual(site.diagnosticLines(), [
            "content/annotations/school-closure-what-the-council-said.md:1:1: error: no article 'school-closure-what-the-council-said' for these notes",
            "note: did you mean 'school-closure'?",
            "note: name the article with 'article: <slug>' in the front matter, or name the file <slug>.md",
        ])
    }
}
