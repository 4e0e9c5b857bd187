@testable import GenKit
import TestSupport
import XCTest

final class SourceLoaderTests: XCTestCase {
    func load(_ files: [String: String]) throws -> ([SourceRecord], [String]) {
        let site = try TemporarySite(files)
        var diagnostics = DiagnosticList()
        let records = SourceLoader(fileSystem: LocalFileSystem(), siteDirectory: site.directory).load(diagnostics: &diagnostics)
        return (records, diagnostics.sorted.map(\.rendered))
    }

    func describe(_ records: [SourceRecord]) -> [String] {
        records.map { r in
            [r.id, r.type, r.title ?? "-", r.authors.map(\.display).joined(separator: "+"), r.containerTitle ?? "-",
             r.publisher ?? "-", r.issued?.display ?? "-", r.url ?? "-", r.accessed?.display ?? "-", r.archived ?? "-"]
                .joined(separator: " | ")
        }
    }

    func testCSLYAMLAndCSLJSONGiveTheSameBibliography() throws {
        let yaml = try String(contentsOfFile: Fixtures.path("sources/example.yaml"), encoding: .utf8)
        let json = try String(contentsOfFile: Fixtures.path("sources/example.json"), encoding: .utf8)
        let (fromYAML, yamlProblems) = try load(["content/sources.yaml": yaml])
        let (fromJSON, jsonProblems) = try load(["content/sources.json": json])
        XCTAssertEqual(yamlProblems, [])
        XCTAssertEqual(jsonProblems, [])
        XCTAssertEqual(describe(fromYAML), describe(fromJSON))
        XCTAssertEqual(describe(fromYAML), [
            "fec-foreign-nationals | webpage | Foreign nationals | Federal Election Commission | FEC.gov | - | 15 January 2024 | "
                + "https://www.fec.gov/help-candidates-and-committees/foreign-nationals/ | 19 October 2024 | https://web.archive.org/web/2024/https://www.fec.gov/",
            "smith-2019 | book | Campaigns Abroad | Jane Smith+John Doe | - | Example Press | May 2019 | - | - | -",
            "raw-date | article-newspaper | A report with a raw date |  | The Example Gazette | - | Spring 2005 | - | - | -",
        ])
    }

    func testAddressesThatAreNotHTTPAreLeftOutWhateverTheirKey() throws {
        let (records, problems) = try load(["content/sources.yaml": """
            - id: a
              type: webpage
              title: A
              url: "javascript:alert(1)"
              archive_url: "javascript:alert(2)"
            - id: b
              type: webpage
              title: B
              URL: https://example.org/b
              archived: "data:text/html,x"
            """])
        XCTAssertEqual(describe(records), ["a | webpage | A |  | - | - | - | - | - | -",
                                           "b | webpage | B |  | - | - | - | https://example.org/b | - | -"])
        XCTAssertEqual(problems, [
            "content/sources.yaml:4:8: warning: 'url' of 'a' must be an http or https address; it is left out",
            "content/sources.yaml:5:16: warning: 'archive_url' of 'a' must be an http or https address; it is left out",
            "content/sources.yaml:10:13: warning: 'archived' of 'b' must be an http or https address; it is left out",
        ])
    }

    /// What a reference shows beyond its title and authors, read as Zotero exports it in
    /// CSL-JSON, and shown in the house style: a journal article, a chapter with editors, a book
    /// with its place, a report; a DOI in each form it is written in; a DOI that is none.
    func testJournalChapterAndBookFieldsAreReadAndShown() throws {
        let (records, problems) = try load(["content/sources.json": """
            [
              {"id": "okafor-2021", "type": "article-journal", "title": "Coastal towns after the closures",
               "author": [{"family": "Okafor", "given": "Ada"}, {"family": "Lind", "given": "Per"}],
               "container-title": "Journal of Regional Studies", "volume": 12, "issue": "3", "page": "45-67",
               "issued": {"date-parts": [[2021, 5]]}, "DOI": "https://doi.org/10.1000/JRS.2021.045",
               "URL": "https://doi.org/10.1000/JRS.2021.045"},
              {"id": "ch", "type": "chapter", "title": "Harbours", "author": [{"family": "Mbeki", "given": "Tom"}],
               "container-title": "Ports of the North Sea", "page": "101--120",
               "editor": [{"family": "Haas", "given": "Ute"}, {"literal": "The Port Society"}],
               "publisher": "Example Press", "publisher-place": "Leeds", "issued": "2019", "DOI": "doi:10.5555/ch<1>"},
              {"id": "bk", "type": "book", "title": "Tides", "publisher": "Example Press", "publisher-place": "Hull",
               "issued": "2010", "DOI": "not a doi"},
              {"id": "rep", "type": "report", "title": "Annual report", "page": "xii", "volume": "2",
               "genre": "Technical report", "number": "FCERM-2022-07",
               "author": [{"literal": "Harbour Authority"}], "issued": "2022"}
            ]
            """])
        XCTAssertEqual(problems, [
            "content/sources.json:12:29: warning: 'DOI' of 'bk' is not a DOI; it is left out\n"
                + "note: a DOI starts with '10.' and has a '/': write DOI: 10.1000/xyz123",
        ])
        let labels = ThemeLabels(language: "en", overrides: [:])
        let shown = records.map { SourceFormatter.html($0, labels: labels) }
        XCTAssertEqual(shown, [
            "Ada Okafor and Per Lind (May 2021). \u{201C}Coastal towns after the closures\u{201D}. "
                + "<cite>Journal of Regional Studies</cite> 12 (3): 45\u{2013}67. "
                + "<a class=\"source-doi\" href=\"https://doi.org/10.1000/JRS.2021.045\" rel=\"noopener\">https://doi.org/10.1000/JRS.2021.045</a>.",
            "Tom Mbeki (2019). \u{201C}Harbours\u{201D}. In <cite>Ports of the North Sea</cite>, 101\u{2013}120. "
                + "Edited by Ute Haas and The Port Society. Leeds: Example Press. "
                + "<a class=\"source-doi\" href=\"https://doi.org/10.5555/ch%3C1%3E\" rel=\"noopener\">https://doi.org/10.5555/ch%3C1%3E</a>.",
            "<cite>Tides</cite>. Hull: Example Press. 2010.",
            "Harbour Authority (2022). <cite>Annual report</cite>. Technical report FCERM-2022-07. xii.",
        ])
        let french = ThemeLabels(language: "fr", overrides: [:])
        XCTAssertEqual(SourceFormatter.text(records[1], labels: french),
                       "Tom Mbeki (2019). \u{201C}Harbours\u{201D}. Dans Ports of the North Sea, 101\u{2013}120. "
                        + "Sous la direction de Ute Haas et The Port Society. Leeds: Example Press. https://doi.org/10.5555/ch%3C1%3E.")
        let linkedData = String(decoding: ArticleJSONLD.citation(records[0], labels: labels).bytes(forScript: true), as: UTF8.self)
        XCTAssertTrue(linkedData.contains("\"identifier\":\"https://doi.org/10.1000/JRS.2021.045\""), linkedData)
        XCTAssertEqual(SourceFormatter.pageRange("45 - 67"), "45\u{2013}67")
        XCTAssertEqual(SourceFormatter.pageRange("45, 48-50"), "45, 48-50")
        XCTAssertEqual(SourceFormatter.pageRange("e1-"), "e1-")
    }

    /// A translated book in its second edition, and one without a date, as Chicago's author-date
    /// style has them, in the site's language; an edition that is not a number is shown as written.
    func testTranslatorsEditionsAndNoDate() throws {
        let (records, problems) = try load(["content/sources.yaml": """
            - id: tr
              type: book
              title: Tides of the North
              author: [{family: Berg, given: Ingrid}]
              translator: [{family: Lind, given: Per}, Ada Okafor]
              edition: 2
              publisher: Example Press
              issued: 2012
            - id: rev
              type: book
              title: Harbours
              edition: Revised edition
              editor: [{family: Haas, given: Ute}]
            - id: ord
              title: Ordinals
              edition: "13"
            - id: bad
              title: Bad
              translator: {family: [x]}
              edition: [2]
            """])
        XCTAssertEqual(problems, [
            "content/sources.yaml:19:15: error: a name in 'translator' of 'bad' has no family, given or literal part",
            "content/sources.yaml:19:24: error: 'family' of 'bad' must be text, not a list\nnote: write family: \"...\"",
            "content/sources.yaml:20:12: error: 'edition' of 'bad' must be text, not a list\nnote: write edition: \"...\"",
        ])
        let english = ThemeLabels(language: "en")
        XCTAssertEqual(SourceFormatter.html(records[0], labels: english),
                       "Ingrid Berg (2012). <cite>Tides of the North</cite>. Translated by Per Lind and Ada Okafor. 2nd ed. Example Press.")
        XCTAssertEqual(SourceFormatter.html(records[1], labels: english),
                       "Ute Haas, ed. (n.d.). <cite>Harbours</cite>. Revised edition.")
        XCTAssertEqual(SourceFormatter.html(records[2], labels: english), "\u{201C}Ordinals\u{201D}. 13th ed.")
        XCTAssertEqual(SourceFormatter.text(records[0], labels: ThemeLabels(language: "fr")),
                       "Ingrid Berg (2012). Tides of the North. Traduit par Per Lind et Ada Okafor. 2e éd. Example Press.")
        XCTAssertEqual(SourceFormatter.text(records[1], labels: ThemeLabels(language: "de")),
                       "Ute Haas, Hrsg. (o. J.). Harbours. Revised edition.")
        XCTAssertEqual(SourceFormatter.text(records[0], labels: ThemeLabels(language: "es")),
                       "Ingrid Berg (2012). Tides of the North. Traducido por Per Lind y Ada Okafor. 2.ª ed. Example Press.")
        XCTAssertEqual(["1", "2", "3", "4", "11", "12", "13", "21", "22", "101", "111"].map { english.edition($0) },
                       ["1st ed.", "2nd ed.", "3rd ed.", "4th ed.", "11th ed.", "12th ed.", "13th ed.", "21st ed.", "22nd ed.",
                        "101st ed.", "111th ed."])
        XCTAssertEqual(ThemeLabels(language: "fr").edition("1"), "1re éd.")
        XCTAssertEqual(ThemeLabels(language: "en", overrides: ["edition": "{edition} edn"]).edition("2"), "2nd edn")
    }

    /// Name particles and suffixes are kept where CSL puts them; a work with editors and no
    /// authors is led by its editors; a Zotero or BibTeX type name suggests its CSL type.
    func testNamePartsEditorsFirstAndOtherToolsTypes() throws {
        let (records, problems) = try load(["content/sources.json": """
            [
              {"id": "gogh", "type": "book", "title": "Letters",
               "author": [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
                          {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
                          {"family": "Beauvoir", "given": "Simone", "dropping-particle": "de"}]},
              {"id": "edited", "type": "book", "title": "Memory Institutions in Crisis", "publisher": "Routledge",
               "editor": [{"family": "Nakamura", "given": "Hiro"}, {"family": "Adeyemi", "given": "Tolu"}], "issued": "2020"},
              {"id": "zotero", "type": "journalArticle", "title": "A"},
              {"id": "bibtex", "type": "inproceedings", "title": "B"}
            ]
            """])
        XCTAssertEqual(problems, [
            "content/sources.json:8:28: error: 'journalArticle' is not a CSL type (source 'zotero')\nnote: did you mean 'article-journal'?",
            "content/sources.json:9:28: error: 'inproceedings' is not a CSL type (source 'bibtex')\nnote: did you mean 'paper-conference'?",
        ])
        let labels = ThemeLabels(language: "en")
        XCTAssertEqual(SourceFormatter.html(records[0], labels: labels),
                       "Vincent van Gogh, Martin Luther King Jr. and Simone de Beauvoir (n.d.). <cite>Letters</cite>.")
        XCTAssertEqual(SourceFormatter.html(records[1], labels: labels),
                       "Hiro Nakamura and Tolu Adeyemi, eds. (2020). <cite>Memory Institutions in Crisis</cite>. Routledge.")
        // Ranges of dates.
        let range = SourceRecord.Date(parts: [2020, 1], end: [2020, 3])
        XCTAssertEqual(labels.date(range), "January\u{2013}March 2020")
        XCTAssertEqual(ThemeLabels(language: "es").date(range), "enero\u{2013}marzo de 2020")
        XCTAssertEqual(labels.date(SourceRecord.Date(parts: [2019], end: [2021])), "2019\u{2013}2021")
        XCTAssertEqual(labels.date(SourceRecord.Date(parts: [2019, 12, 30], end: [2020, 1, 2])), "30 December 2019 \u{2013} 2 January 2020")
        let (ranged, _) = try load(["content/sources.json": #"[{"id": "r", "title": "R", "issued": {"date-parts": [[2020, 1], [2020, 3]]}}]"#])
        XCTAssertEqual(ranged.first?.issued?.end, [2020, 3])
        let many = (1...11).map { "A\($0)" }
        XCTAssertEqual(SourceFormatter.names(many, labels: labels, shortened: true), "A1, A2, A3, A4, A5, A6, A7 et al.")
        XCTAssertEqual(SourceFormatter.names(Array(many.prefix(10)), labels: labels, shortened: true),
                       "A1, A2, A3, A4, A5, A6, A7, A8, A9 and A10")
        XCTAssertEqual(SourceFormatter.text(records[1], labels: ThemeLabels(language: "de")),
                       "Hiro Nakamura und Tolu Adeyemi, Hrsg. (2020). Memory Institutions in Crisis. Routledge.")
    }

    func testDateForms() {
        XCTAssertEqual(SourceLoader.date("2005")?.display, "2005")
        XCTAssertEqual(SourceLoader.date("2005-03")?.display, "March 2005")
        XCTAssertEqual(SourceLoader.date("2005-03-14")?.display, "14 March 2005")
        XCTAssertEqual(SourceLoader.date("2005-03-14")?.iso, "2005-03-14")
        XCTAssertEqual(SourceLoader.date("circa 1900")?.display, "circa 1900")
        XCTAssertNil(SourceLoader.date("2005-13"))
        XCTAssertNil(SourceLoader.date("2024-02-30"))
        XCTAssertEqual(SourceLoader.date("2024-02-29")?.iso, "2024-02-29")
        XCTAssertNil(SourceLoader.date("2023-02-29"))
        // A time after the day is not kept, but must be a time.
        XCTAssertEqual(SourceLoader.date("2024-02-29T09:30:00Z")?.iso, "2024-02-29")
        XCTAssertEqual(SourceLoader.date("2024-02-29 09:30")?.iso, "2024-02-29")
        for text in ["2024-02-29T25:61:00Z", "2024-02-29x"] {
            guard case .failure(let problem) = SourceLoader.checkedDate(text) else { return XCTFail(text) }
            XCTAssertEqual(problem.message, "after the day only a time may follow, as in 2005-03-14T09:30:00Z", text)
        }
    }

    func testFilesUnderContentSourcesAndDuplicateIDs() throws {
        let (records, problems) = try load([
            "content/sources.yaml": "- id: a\n  title: A\n- id: b\n  title: B\n",
            "content/sources/more.json": "[\n  {\"id\": \"c\", \"title\": \"C\"},\n  {\"id\": \"a\", \"title\": \"Again\"}\n]\n",
        ])
        XCTAssertEqual(records.map(\.id), ["a", "b", "c"])
        XCTAssertEqual(problems, ["content/sources/more.json:3:3: error: duplicate source id 'a'\ncontent/sources.yaml:1:3: note: first defined here"])
    }

    func testMalformedFilesAreErrorsAtTheirLine() throws {
        let (_, yamlProblems) = try load(["content/sources.yaml": "- id: a\n  title: [unclosed\n- id: b\n"])
        XCTAssertEqual(yamlProblems.count, 1)
        XCTAssertTrue(yamlProblems[0].hasPrefix("content/sources.yaml:3:5: error: malformed YAML: "), yamlProblems[0])
        // The slip is pointed at, as in front matter: the list not closed, a quoted value not closed.
        XCTAssertTrue(yamlProblems[0].hasSuffix("content/sources.yaml:2:10: note: this list is not closed: end it with ']' on the same line"),
                      yamlProblems[0])
        let (_, quoted) = try load(["content/sources.yaml": "- id: a\n  title: \"Old Stone Bridge: options\n  issued: 2020\n- id: b\n"])
        XCTAssertEqual(quoted.count, 1)
        XCTAssertTrue(quoted[0].hasSuffix("content/sources.yaml:2:10: note: this quoted value is not closed: end it with \" on the same line"),
                      quoted[0])
        let (_, jsonProblems) = try load(["content/sources.json": "[\n  {\"id\": \"a\",}\n  {\"id\": \"b\"}\n]\n"])
        XCTAssertEqual(jsonProblems.count, 1)
        XCTAssertTrue(jsonProblems[0].hasPrefix("content/sources.json:"), jsonProblems[0])
        XCTAssertTrue(jsonProblems[0].contains("error: malformed JSON: "), jsonProblems[0])
        // Read as JSON, in JSON's words: a trailing comma, which YAML would take, is an error at it.
        let (_, commaProblems) = try load(["content/sources.json": "[\n  {\"id\": \"a\", \"issue\": \"2\",,\n   \"title\": \"A\"},\n]\n"])
        XCTAssertEqual(commaProblems, ["content/sources.json:2:28: error: malformed JSON: expected a string key"])
        let (_, date) = try load(["content/sources.json": "[{\"id\": \"d\", \"issued\": \"2024-13-01\"}]"])
        XCTAssertEqual(date, ["content/sources.json:1:24: error: 'issued' of 'd' is not a date: there is no month 13\n"
                                + "note: write \"issued\": \"2005-03-14\" (or \"2005-03\", \"2005\"), or \"issued\": {\"date-parts\": [[2005, 3, 14]]}"])
        let (_, trailing) = try load(["content/sources.json": "[{\"id\": \"a\"},\n]\n"])
        XCTAssertEqual(trailing.count, 1, trailing.joined())
        XCTAssertTrue(trailing[0].hasPrefix("content/sources.json:2:1: error: malformed JSON: "), trailing[0])
        let (_, shapeProblems) = try load(["content/sources.yaml": "title: not a list\n", "content/sources.json": "[{\"title\": \"no id\"}]"])
        XCTAssertEqual(shapeProblems, [
            "content/sources.json:1:2: error: this reference has no 'id'",
            "content/sources.yaml:1:1: error: a bibliography is a list of references (CSL-YAML)",
        ])
    }
}
