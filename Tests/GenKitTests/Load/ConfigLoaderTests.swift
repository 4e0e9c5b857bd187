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
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/\n<script>"), "must not hold spaces, control or format characters (such as a right-to-left mark)")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/?a=1"), "must not have a query or a fragment")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://user:secret@example.org/"), "must not hold a password")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://[::1/"), "is not a valid address: 'https://[::1/'")
        XCTAssertNil(ConfigLoader.baseURLProblem("http://[::1]:8080/"))
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org:99999/"), "has no valid port (1 to 65535): 'https://example.org:99999/'")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/a/../b/"), "must not hold '.' or '..' in its path")
        XCTAssertNil(ConfigLoader.baseURLProblem("http://192.168.1.20:8080/"))
        for bad in ["https://[zz]/", "https://-bad-.org/", "https://a..b/", "https://exa_mple.org/", "https://bücher.de/", "https://1.2.3.999/",
                    "https://1.2.3/"] {
            XCTAssertTrue(ConfigLoader.baseURLProblem(bad)?.hasPrefix("has no valid host: ") == true, bad)
        }
        XCTAssertNil(ConfigLoader.baseURLProblem("https://xn--bcher-kva.de/"))
        XCTAssertNil(ConfigLoader.baseURLProblem("https://example.org./a%20b/"))
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/<script>/"), "must not hold '<' in its path: write it escaped (%XX)")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/a\"b/"), "must not hold '\"' in its path: write it escaped (%XX)")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/%zz/"), "holds a '%' that is no escape (%XX) in its path")
        XCTAssertEqual(ConfigLoader.baseURLProblem("https://example.org/\u{202E}gro/"),
                       "must not hold spaces, control or format characters (such as a right-to-left mark)")
        XCTAssertEqual(load("base_url = \"https://ex\\u0000.org/\"\n").1,
                       ["gen.toml:1:23: error: a NUL character (\\u0000) cannot be read from gen.toml\nnote: remove it"])
        let (config, problems) = load("base_url = \"javascript:alert(1)\"\n")
        XCTAssertEqual(config.baseURL, "")
        XCTAssertEqual(problems, ["gen.toml:1:13: error: 'base_url' must be an http or https address, not 'javascript:alert(1)'\n"
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
        XCTAssertEqual(config.verdicts.map(\.key), ["true", "mostly-true", "misleading", "unsupported", "false"])
    }

    /// The built-in scale speaks the site's language, but for a step relabelled; `[labels]`
    /// may reword a step too.
    func testTheBuiltInScaleIsInTheSitesLanguage() {
        let (french, problems) = load("language = \"fr-CA\"\n[verdicts]\nfalse = { label = \"Inexact\" }\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(french.verdicts.map(\.label), ["Vrai", "Plutôt vrai", "Trompeur", "Non étayé", "Inexact"])
        let (german, _) = load("language = \"de\"\n[labels]\nverdict_true = \"Stimmt\"\n")
        XCTAssertEqual(german.verdicts.map(\.label), ["Stimmt", "Größtenteils wahr", "Irreführend", "Unbelegt", "Falsch"])
        XCTAssertEqual(load("title = \"T\"\n").0.verdicts, SiteConfig.Verdict.defaults)
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

    /// A new step needs its rating, inside the built-in scale's 1 to 5 while that is kept: every
    /// ClaimReview's best and worst rating are the scale's.
    func testAVerdictsRatingIsOnTheScale() {
        let (_, problems) = load("[verdicts]\nhalf-true = { label = \"Half true\", rating = 7 }\nspin = { label = \"Spin\" }\n")
        XCTAssertEqual(problems, [
            "gen.toml:2:1: error: the rating of verdict 'half-true' is 7, outside the scale\nnote: ratings run from 1 (false) to 5 (true), as in the built-in scale",
            "gen.toml:3:1: error: verdict 'spin' has no rating\nnote: ratings run from 1 (false) to 5 (true), as in the built-in scale: spin = { label = \"Spin\", rating = 3 }",
        ])
        // gen's own key, what a fact check held for review shows, is not a step of the scale.
        XCTAssertEqual(load("[verdicts]\nunder-review = { label = \"Pending\", rating = 3 }\n").1, [
            "gen.toml:2:1: error: 'under-review' is gen's own verdict key: what a fact check held for review (review=\"…\") shows\n"
                + "note: name the step otherwise, such as 'pending'",
        ])
        let (own, none) = load("[verdicts]\nbuiltin = false\nright = { label = \"Right\", rating = 10 }\nwrong = { label = \"Wrong\", rating = 1 }\n")
        XCTAssertEqual(none, [])
        XCTAssertEqual(own.verdicts.map(\.key), ["right", "wrong"])
        let (_, zero) = load("[verdicts]\nbuiltin = false\nwrong = { label = \"Wrong\", rating = 0 }\n")
        XCTAssertEqual(zero, ["gen.toml:3:1: error: the rating of verdict 'wrong' is 0, outside the scale\nnote: a rating is 1 (the worst) or more"])
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

    func testAStringNotClosedOnItsLineSaysSo() {
        for (text, line, column) in [("title = \"My site\nbase_url = \"https://example.org/\"\n", 1, 9),
                                     ("title = \"T\"\n[labels]\nnotes = 'Remarques\n", 3, 9)] {
            let (_, problems) = load(text)
            XCTAssertEqual(problems.count, 1, text)
            XCTAssertTrue(problems.first?.hasSuffix("\ngen.toml:\(line):\(column): note: this string is not closed: end it with \(text.contains("'") ? "'" : "\"") on the same line") ?? false,
                          "\(problems)")
        }
        // A closed string, a multi-line one and an escaped quote give no such note.
        XCTAssertEqual(SyntaxHints.toml("a = \"x\\\"y\" b\n", errorLine: 1, path: "gen.toml"), [])
        XCTAssertEqual(SyntaxHints.toml("a = \"\"\"\nx\n\"\"\" b\n", errorLine: 1, path: "gen.toml"), [])
    }

    func testWrongTypesAreErrorsAtTheValue() {
        let (_, problems) = load("title = 5\n[entities]\nlink = \"some\"\n")
        XCTAssertEqual(problems, [
            "gen.toml:1:9: error: 'title' must be a string, not integer",
            "gen.toml:3:9: error: 'entities.link' must be one of \"first\", \"all\", \"none\"",
        ])
    }

    /// Every table's keys are walked alike: unknown keys warn with the closest known key, and
    /// each kind of value (string, true or false, positive integer, integer, choice, table, list
    /// of tables) has its own error, at the key.
    func testEveryTableReportsUnknownKeysAndWrongTypes() {
        let (_, problems) = load("""
        titel = "x"
        unsafe_html = "yes"
        description = 3
        language = ["en"]
        [entities]
        lnk = "all"
        auto = 1
        [annotations]
        orphan = "warn"
        [pagination]
        per_page = 0
        perpage = 2
        [feed]
        limit = -1
        full_contents = true
        full_content = "no"
        [search]
        enable = true
        pagefind = false
        enabled = 1
        [[menu.main]]
        name = "About"
        url = "about/"
        wieght = 2
        [[menu.main]]
        name = "X"
        url = "x/"
        weight = "high"
        [menu.side]
        name = "Y"
        [labels]
        notess = "Annotations"
        notes = 5
        [output]
        file_url = true
        file_urls = "yes"
        [verdicts]
        builtin = "no"
        half = { label = "Half", rating = "3", colour = "red" }
        odd = 3
        """)
        XCTAssertEqual(problems, [
            "gen.toml:1:1: warning: unknown key 'titel' in gen.toml is ignored\nnote: did you mean 'title'?",
            "gen.toml:2:16: error: 'unsafe_html' must be true or false, not string",
            "gen.toml:3:15: error: 'description' must be a string, not integer",
            "gen.toml:4:12: error: 'language' must be a string, not array",
            "gen.toml:6:1: warning: unknown key 'entities.lnk' in gen.toml is ignored\nnote: did you mean 'link'?",
            "gen.toml:7:8: error: 'entities.auto' must be true or false, not integer",
            "gen.toml:9:1: warning: unknown key 'annotations.orphan' in gen.toml is ignored\nnote: did you mean 'orphans'?",
            "gen.toml:11:12: error: 'pagination.per_page' must be a positive integer",
            "gen.toml:12:1: warning: unknown key 'pagination.perpage' in gen.toml is ignored\nnote: did you mean 'per_page'?",
            "gen.toml:14:9: error: 'feed.limit' must be a positive integer",
            "gen.toml:15:1: warning: unknown key 'feed.full_contents' in gen.toml is ignored\nnote: did you mean 'full_content'?",
            "gen.toml:16:17: error: 'feed.full_content' must be true or false, not string",
            "gen.toml:18:1: warning: unknown key 'search.enable' in gen.toml is ignored\nnote: did you mean 'enabled'?",
            "gen.toml:19:12: error: 'search.pagefind' must be a string, not bool",
            "gen.toml:20:11: error: 'search.enabled' must be true or false, not integer",
            "gen.toml:24:1: warning: unknown key 'menu.main.wieght' in gen.toml is ignored\nnote: did you mean 'weight'?",
            "gen.toml:28:1: error: 'menu.main.weight' must be an integer, not string",
            "gen.toml:29:1: warning: unknown key 'menu.side' in gen.toml is ignored",
            "gen.toml:32:1: warning: unknown key 'labels.notess' in gen.toml is ignored\nnote: did you mean 'notes'?",
            "gen.toml:33:9: error: 'labels.notes' must be a string, not integer",
            "gen.toml:35:1: warning: unknown key 'output.file_url' in gen.toml is ignored\nnote: did you mean 'file_urls'?",
            "gen.toml:36:14: error: 'output.file_urls' must be true or false, not string",
            "gen.toml:38:12: error: 'verdicts.builtin' must be true or false, not string",
            "gen.toml:39:26: error: 'verdicts.half.rating' must be an integer, not string",
            "gen.toml:39:40: warning: unknown key 'verdicts.half.colour' in gen.toml is ignored",
            "gen.toml:40:1: error: 'verdicts.odd' must be a table like { label = \"True\", rating = 5 }",
        ])
        let (_, others) = load("base_url = 1\nentities = 2\nmenu = { main = 3 }\nverdicts = []\noutput = \"x\"\n")
        XCTAssertEqual(others, [
            "gen.toml:1:12: error: 'base_url' must be a string, not integer",
            "gen.toml:2:12: error: 'entities' must be a table, not integer",
            "gen.toml:3:10: error: 'menu.main' must be a list of [[menu.main]] tables with name and url",
            "gen.toml:4:12: error: 'verdicts' must be a table, not array",
            "gen.toml:5:11: error: 'output' must be a table, not string",
        ])
    }

    /// A menu entry without its name is reported at its own [[menu.main]], not the first one.
    func testAMenuEntryIsReportedAtItsOwnTable() {
        let (_, diagnostics) = ConfigLoader().load(text: """
        title = "T"
        [[menu.main]]
        name = "About"
        url = "about/"
        [[menu.main]]
        name = "Method"
        url = "method/"
          [[menu.main]]
        url = "contact/"
        """)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), ["gen.toml:8:3: error: each [[menu.main]] needs a name and a url"])
    }

    /// A wrong key of one menu entry is reported at its line in that entry, not at the same key
    /// of an entry before it.
    func testAMenuEntrysKeyIsReportedInItsOwnTable() {
        let (_, diagnostics) = ConfigLoader().load(text: """
        title = "T"
        [[menu.main]]
        name = "About"
        url = "about/"
        weight = 10
        [[menu.main]]
        name = "Method"
        url = "method/"
        weight = "high"
        colour = "red"
        """)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "gen.toml:9:1: error: 'menu.main.weight' must be an integer, not string",
            "gen.toml:10:1: warning: unknown key 'menu.main.colour' in gen.toml is ignored",
        ])
    }
}
