@testable import GenKit
import XCTest

final class DiagnosticTests: XCTestCase {
    func testRendersCompilerStyleWithNotes() {
        let diagnostic = Diagnostic.error("duplicate front matter key 'title'",
                                          at: SourceLocation("content/articles/a.md", line: 4, column: 1),
                                          notes: [.init("first set here", at: SourceLocation("content/articles/a.md", line: 2, column: 1)),
                                                  .init("remove one of them")])
        XCTAssertEqual(diagnostic.rendered, """
        content/articles/a.md:4:1: error: duplicate front matter key 'title'
        content/articles/a.md:2:1: note: first set here
        note: remove one of them
        """)
    }

    func testSortsByFileLineColumnAndRemovesDuplicates() {
        var list = DiagnosticList()
        list.warning("w", at: SourceLocation("b.md", line: 1, column: 1))
        list.error("e2", at: SourceLocation("a.md", line: 10, column: 1))
        list.error("e1", at: SourceLocation("a.md", line: 2, column: 5))
        list.error("e1", at: SourceLocation("a.md", line: 2, column: 5))
        list.error("global", at: nil)
        XCTAssertEqual(list.sorted.map(\.message), ["global", "e1", "e2", "w"])
        // The count is of what is printed: the duplicate counts once.
        XCTAssertEqual(list.errorCount, 3)
        XCTAssertEqual(list.warningCount, 1)
        XCTAssertTrue(list.hasErrors)
    }

    func testControlCharactersInPathsAndMessagesAreEscaped() {
        let diagnostic = Diagnostic.error("no title in 'a\u{1B}[31mb'", at: SourceLocation("content/articles/bad\nname\u{1B}[2J.md"),
                                          notes: [.init("see \u{202E}this", at: SourceLocation("content/x\ty.md", line: 2, column: 3))])
        XCTAssertEqual(diagnostic.rendered, #"""
        'content/articles/bad\nname\u{1B}[2J.md':1:1: error: no title in 'a\u{1B}[31mb'
        'content/x\ty.md':2:3: note: see \u{202E}this
        """#)
        XCTAssertEqual(Diagnostic.quoted("plain name.md"), "'plain name.md'")
        XCTAssertEqual(Diagnostic.escaped("café \u{7F}"), "café \\u{7F}")
    }

    func testSuggestionsFindTheClosestNames() {
        XCTAssertEqual(Suggestions.closest(to: "titel", in: ["title", "date", "tags"]), ["title"])
        XCTAssertEqual(Suggestions.closest(to: "zzzzzz", in: ["title", "date"]), [])
        XCTAssertEqual(Suggestions.editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)), 3)
    }

    func testJSONOutput() {
        var list = DiagnosticList()
        list.error("bad \"quote\"", at: SourceLocation("gen.toml", line: 2, column: 3), notes: [.init("fix it")])
        XCTAssertEqual(DiagnosticsJSON.render(list), """
        {
          "errors": 1,
          "warnings": 0,
          "uncompared_fact_checks": [],
          "diagnostics": [
            {
              "severity": "error",
              "file": "gen.toml",
              "line": 2,
              "column": 3,
              "message": "bad \\"quote\\"",
              "notes": [
                {
                  "message": "fix it"
                }
              ]
            }
          ]
        }
        """)
    }
}
