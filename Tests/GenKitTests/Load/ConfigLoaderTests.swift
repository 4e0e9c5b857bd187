@testable import GenKit
import XCTest

final class ConfigLoaderTests: XCTestCase {
    func load(_ text: String?) -> (SiteConfig, [String]) {
        let (config, diagnostics) = ConfigLoader().load(text: text)
        return (config, diagnostics.sorted.map(\.rendered))
    }

    func testBaseURLMustBeAnHTTPAddressWithAHost() {
        for good in ["", "https://example.org/", "http://localhost:8080/review", "https://user@example.org/a/b/"] {
            XCTAssertNil(ConfigLoader.baseURLProblem(good), good)
        }
        XCTAssertEqual(ConfigLoader.baseURLProblem("javascript:alert(1)"), "must be an http or https address, not 'javascript:alert(1)'")
        XCTAssertEqual(ConfigLoader.baseURLProblem("file:///etc/"), "must be an http or https address, not 'file:///etc/'")
        XCTAssertEqual(ConfigLoader.baseURLProblem("example.org"), "must be an http or https address, not 'example.org'")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https:///path/"), "has no host: 'https:///path/'")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://:80/"), "has no host: 'https://:80/'")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/\n<script>"), "must not hold spaces or control characters")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/?a=1"), "must not have a query or a fragment")
        let (config, problems) = load("base_url = \"javascript:alert(1)\"\n")
        XCTAssertEqual(config.baseURL, "")
        XCTAssertEqual(problems, ["gen.toml:1:1: error: 'base_url' must be an http or https address, not 'javascript:alert(1)'\n"
                                  + "note: write the address the site will be served at, such as \"https://example.org/\""])
    }

    /// Found by fuzzing (the config target): the TOML parser stops the process on a table
    /// header without a name; gen reports it instead.
    func testATableHeaderWithoutANameIsAnError() {
        for (text, line, column) in [("title = \"x\"\n[\n", 2, 2), ("[[", 1, 3), ("a = 1\n  [#]\n", 2, 4), ("[ [\n", 1, 3)] {
            let (_, problems) = load(text)
            XCTAssertEqual(problems, ["gen.toml:\(line):\(column): error: malformed TOML: a table header needs a name\nnote: write [section] or [[section]]"], text)
        }
        // Brackets inside values, strings and comments are not headers.
        XCTAssertNil(ConfigLoader.tableHeaderWithoutName("a = [\n  [\n    1],\n]\nb = \"\"\"\n[\n\"\"\"\n# [\nc = { d = [\n[\n1]] }\n[menu]\n[[menu.main]]\n[\"quoted\"]\n"))
        let (config, problems) = load("title = \"T\"\n[feed]\nlimit = 3\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(config.feed.limit, 3)
    }

    func testEveryKeyIsOptional() {
        let (config, problems) = load(nil)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(config, SiteConfig())
        XCTAssertEqual(config.verdicts.map(\.key), ["true", "mostly-true", "misleading", "false", "unsupported"])
    }

    func testReadsSpecKeys() {
        let (config, problems) = load("""
        title = "Review"
        base_url = "https://example.org/review"
        language = "fr"
        unsafe_html = true

        [entities]
        link = "all"
        auto = false

        [annotations]
        orphans = "warn"

        [verdicts]
        builtin = false
        true = { label = "Vrai", rating = 5 }
        faux = { label = "Faux", rating = 1 }
        """)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(config.title, "Review")
        XCTAssertEqual(config.normalizedBaseURL, "https://example.org/review/")
        XCTAssertEqual(config.basePath, "/review/")
        XCTAssertEqual(config.language, "fr")
        XCTAssertTrue(config.unsafeHTML)
        XCTAssertEqual(config.entities.link, .all)
        XCTAssertFalse(config.entities.auto)
        XCTAssertEqual(config.annotations.orphans, .warn)
        XCTAssertEqual(config.verdicts.map(\.label), ["Vrai", "Faux"])
    }

    /// `[verdicts]` adds to the built-in scale and relabels its steps, keeping their ratings.
    func testVerdictsExtendTheBuiltInScale() {
        let (config, problems) = load("[verdicts]\nhalf-true = { label = \"Half true\", rating = 3 }\nfalse = { label = \"Wrong\" }\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(config.verdicts.map(\.key), ["true", "mostly-true", "misleading", "half-true", "unsupported", "false"])
        XCTAssertEqual(config.verdicts.first { $0.key == "false" }?.label, "Wrong")
        XCTAssertEqual(config.verdicts.first { $0.key == "false" }?.rating, 1)
    }

    func testUnknownKeysWarnWithTheirLine() {
        let (_, problems) = load("title = \"x\"\ntitel = \"y\"\n\n[entities]\nlinks = \"all\"\n")
        XCTAssertEqual(problems, [
            "gen.toml:2:1: warning: unknown key 'titel' in gen.toml is ignored\nnote: did you mean 'title'?",
            "gen.toml:5:1: warning: unknown key 'entities.links' in gen.toml is ignored\nnote: did you mean 'link'?",
        ])
    }

    func testMalformedTOMLIsAnErrorWithLineAndColumn() {
        let (_, problems) = load("title = \"x\"\nbase_url = \n")
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].hasPrefix("gen.toml:2:"), problems[0])
        XCTAssertTrue(problems[0].contains(": error: malformed TOML: "), problems[0])
    }

    func testWrongTypesAreErrorsAtTheKey() {
        let (_, problems) = load("title = 5\n[entities]\nlink = \"some\"\n")
        XCTAssertEqual(problems, [
            "gen.toml:1:1: error: 'title' must be a string, not integer",
            "gen.toml:3:1: error: 'entities.link' must be one of \"first\", \"all\", \"none\"",
        ])
    }
}
