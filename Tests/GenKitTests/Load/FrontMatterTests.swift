@testable import GenKit
import Yams
import XCTest

final class FrontMatterTests: XCTestCase {
    func parse(_ text: String) -> (FrontMatter, [String]) {
        var diagnostics = DiagnosticList()
        let front = FrontMatter.parse(text, path: "a.md", diagnostics: &diagnostics)
        return (front, diagnostics.sorted.map(\.rendered))
    }

    func testSplitsFieldsAndBodyWithFileLines() {
        let (front, problems) = parse("---\ntitle: \"Hello\"\ndate: 2024-10-18\ntags: [a, b]\n---\nBody line\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(front.fields.map(\.key), ["title", "date", "tags"])
        XCTAssertEqual(front["date"]?.location, SourceLocation("a.md", line: 3, column: 1))
        XCTAssertEqual(front.body, "Body line\n")
        XCTAssertEqual(front.bodyLine, 6)
    }

    /// Found by fuzzing (the front-matter target): a file that is only `---` read past its end.
    func testAFileOfOnlyThreeDashesIsUnclosedFrontMatter() {
        var diagnostics = DiagnosticList()
        let front = FrontMatter.parse("---", path: "content/articles/a.md", diagnostics: &diagnostics)
        XCTAssertEqual(front.fields.count, 0)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/articles/a.md:1:1: error: front matter is not closed\nnote: end the YAML block with a line '---' before the body",
        ])
    }

    /// Hugo's TOML front matter reads as the same keys written in YAML would: text, lists,
    /// true/false, dates in gen's spelling, each field at its line in the file.
    func testTOMLFrontMatterReadsAsYAMLWould() {
        var diagnostics = DiagnosticList()
        let text = "+++\r\ntitle = \"null\"\r\ndate = 2024-05-01T09:30:00-02:30\r\ntags = [\"a\", \"b\"]\r\n"
            + "draft = true\r\nweight = 3\r\nday = 2024-05-01\r\n[params]\r\nx = 1.5\r\n+++\r\nBody\r\n"
        let front = FrontMatter.parse(text, path: "a.md", diagnostics: &diagnostics)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(front.fields.map(\.key), ["title", "date", "tags", "draft", "weight", "day", "params"])
        XCTAssertEqual(front["title"]?.string(diagnostics: &diagnostics), "null", "quoted text stays text")
        XCTAssertEqual(front["date"]?.string(diagnostics: &diagnostics), "2024-05-01T09:30:00-02:30")
        XCTAssertEqual(front["day"]?.string(diagnostics: &diagnostics), "2024-05-01")
        XCTAssertEqual(front["tags"]?.stringList(diagnostics: &diagnostics), ["a", "b"])
        XCTAssertEqual(front["draft"]?.bool(diagnostics: &diagnostics), true)
        XCTAssertEqual(front["weight"]?.string(diagnostics: &diagnostics), "3")
        XCTAssertEqual(front["params"]?.value.mapping?["x"]?.string, "1.5")
        XCTAssertEqual(front["tags"]?.location, SourceLocation("a.md", line: 4, column: 1))
        XCTAssertEqual(front.body, "Body\r\n")
        XCTAssertEqual(front.bodyLine, 11)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [])
    }

    func testMalformedOrUnclosedTOMLFrontMatterIsAnErrorAtItsLine() {
        XCTAssertEqual(parse("+++\ntitle = \"ok\"\ntags = [\"a\"\n+++\nBody\n").1.map { $0.components(separatedBy: ": error: ")[0] }, ["a.md:3:12"])
        XCTAssertEqual(parse("+++\ntitle = \"Open\nBody\n+++\n").1, [
            "a.md:2:14: error: malformed TOML front matter: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited\n"
            + "a.md:2:9: note: this string is not closed: end it with \" on the same line"])
        XCTAssertEqual(parse("+++\ntitle = \"Open\"\nBody\n").1, ["a.md:1:1: error: front matter is not closed\nnote: end the TOML block with a line '+++' before the body"])
    }

    /// Spaces or tabs after a delimiter (an editor's) keep it one: read as the body, the block
    /// would publish a draft.
    func testDelimitersWithTrailingSpaces() {
        let (yaml, yamlProblems) = parse("--- \ntitle: A\ndraft: true\n---\t\nBody\n")
        XCTAssertEqual(yamlProblems, [])
        XCTAssertEqual(yaml.fields.map(\.key), ["title", "draft"])
        XCTAssertEqual(yaml.body, "Body\n")
        let (toml, tomlProblems) = parse("+++  \ntitle = \"A\"\ndraft = true\n+++ \nBody\n")
        XCTAssertEqual(tomlProblems, [])
        XCTAssertEqual(toml.fields.map(\.key), ["title", "draft"])
        XCTAssertEqual(toml.body, "Body\n")
        XCTAssertEqual(toml.bodyLine, 5)
    }

    func testNoFrontMatterIsAllBody() {
        let (front, problems) = parse("Just text\n---\nmore\n")
        XCTAssertEqual(problems, [])
        XCTAssertTrue(front.fields.isEmpty)
        XCTAssertEqual(front.bodyLine, 1)
        XCTAssertEqual(front.body, "Just text\n---\nmore\n")
    }

    func testMalformedYAMLReportsTheLineInTheFile() {
        let (_, problems) = parse("---\ntitle: \"ok\"\ntags: [a, b\nauthor: x\n---\nBody\n")
        // The YAML block starts on file line 2: libyaml's line 3 is the file's line 4.
        XCTAssertEqual(problems, ["a.md:4:7: error: malformed YAML front matter: did not find expected ',' or ']'\n"
                                  + "a.md:3:7: note: while parsing a flow sequence\n"
                                  + "a.md:3:7: note: this list is not closed: end it with ']' on the same line"])
    }

    /// The usual slips get a note at their line, saying how to mend them.
    func testMalformedYAMLSaysHowToMendTheUsualSlips() {
        let quote = parse("---\nname: \"Harbour Trust\nkind: place\naliases: [a]\n---\n").1
        XCTAssertEqual(quote.count, 1)
        XCTAssertTrue(quote[0].hasSuffix("\na.md:2:7: note: this quoted value is not closed: end it with \" on the same line"), quote[0])
        let tab = parse("---\nname: Tabbed\n\tkind: place\n---\n").1
        XCTAssertTrue(tab.first?.hasSuffix("\na.md:3:1: note: YAML does not allow tabs for indentation: indent with spaces") ?? false, "\(tab)")
        // Quotes closed, escaped or doubled are no slip.
        XCTAssertEqual(SyntaxHints.yaml(["a: \"x \\\" y\"", "b: 'it''s'", "c: [\"]\", d]", "d: :"], firstLine: 2, errorLine: 5, path: "a.md"), [])
    }

    func testUnclosedFrontMatter() {
        let (_, problems) = parse("---\ntitle: x\nbody without end\n")
        XCTAssertEqual(problems, ["a.md:1:1: error: front matter is not closed\nnote: end the YAML block with a line '---' before the body"])
    }

    func testDuplicateKey() {
        let (_, problems) = parse("---\ntitle: a\ntitle: b\n---\n")
        XCTAssertEqual(problems, ["a.md:3:1: error: duplicate front matter key 'title'\na.md:2:1: note: first set here"])
    }

    func testFrontMatterThatIsNotAMapping() {
        let (_, problems) = parse("---\n- a\n- b\n---\n")
        XCTAssertEqual(problems, ["a.md:2:1: error: front matter must be a list of 'key: value' lines"])
    }
}

/// The fast reader must agree with Yams wherever it answers, and step aside elsewhere.
final class SimpleFrontMatterTests: XCTestCase {
    func describe(_ node: Node) -> String {
        if let scalar = node.scalar { return "\(scalar.style):\(scalar.string)" }
        if let sequence = node.sequence { return "[" + sequence.map(describe).joined(separator: "|") + "]" }
        return "other"
    }

    func yams(_ yaml: String) throws -> [String] {
        guard let mapping = try Yams.compose(yaml: yaml, .basic)?.mapping else { return [] }
        return mapping.map { "\($0.key.string ?? ""):\($0.key.mark!.line)=\(describe($0.value))" + items($0.value.sequence?.map { $0.mark!.column }) }
    }

    /// Where each item of a list starts (the columns gen points a diagnostic about one item at).
    func items(_ columns: [Int]?) -> String {
        columns.map { " at " + $0.map(String.init).joined(separator: ",") } ?? ""
    }

    func testAgreesWithYams() throws {
        let samples = [
            "title: \"Labour staff: the \\\"story\\\" \\\\ more\"\ndate: 2024-10-18\ntags: [business, \"US Election\", a.b]\n",
            "title: Plain words here\nurl: https://example.org/a?b=c#frag\ndraft: false\n",
            "# a comment\ntitle: x\n\nauthor:\nsummary: Café — naïve\n",
            "tags: []\ndate: 2024-10-18T09:30:00+01:00\n",
            "tags: [  spaced ,  \"quoted one\"  , é,last  ]\n",
            "summary: Çà\ntags: [\"é no\", ü, \"日本\", x]\n",
            "title: C# and F# notes\nword_count: 12\n",
        ]
        for yaml in samples {
            let fast = try XCTUnwrap(SimpleFrontMatter.parse(Substring(yaml)), yaml)
            XCTAssertEqual(fast.map { "\($0.key):\($0.line)=\(describe($0.value))" + items($0.value.sequence == nil ? nil : $0.itemColumns) },
                           try yams(yaml), yaml)
        }
    }

    func testStepsAsideForEverythingElse() {
        let samples = [
            "title: 'single quoted'\n", "title: >\n  folded\n", "tags:\n  - a\n  - b\n", "title: a # comment\n",
            "title: \"tab\\tescape\"\n", "title: x\ntitle: y\n", "key: {a: 1}\n", "title: &anchor x\n",
            "title: \"multi\n  line\"\n", "title: ends with colon:\n", "tags: [a, [b]]\n", "- a\n", "title: -5\n",
            "nested:\n  key: value\n", "title: a: b\n",
        ]
        for yaml in samples {
            XCTAssertNil(SimpleFrontMatter.parse(Substring(yaml)), yaml)
        }
    }
}
