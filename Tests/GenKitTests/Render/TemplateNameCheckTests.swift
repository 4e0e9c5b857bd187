@testable import GenKit
import Templates
import TestSupport
import XCTest

/// Names a template looks up that no page defines are warnings at their place, with the
/// closest defined name; names defined where they are used are not.
final class TemplateNameCheckTests: XCTestCase {
    /// The warnings for a theme of the built-in templates with `templates` in place of some.
    func warnings(_ templates: [String: String]) throws -> [String] {
        let site = try TemporarySite(Dictionary(uniqueKeysWithValues: templates.map { ("templates/\($0.key).mustache", $0.value) }))
        var diagnostics = DiagnosticList()
        _ = Theme.load(siteDirectory: site.directory, fileSystem: LocalFileSystem(), diagnostics: &diagnostics)
        return diagnostics.sorted.flatMap { $0.rendered.split(separator: "\n").map(String.init) }
    }

    func testTheBuiltInThemeUsesOnlyDefinedNames() throws {
        var diagnostics = DiagnosticList()
        _ = Theme.load(siteDirectory: nil, fileSystem: LocalFileSystem(), diagnostics: &diagnostics)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [])
    }

    func testAMisspeltNameIsAWarningWithTheClosestName() throws {
        XCTAssertEqual(try warnings(["footer": "<footer>\n{{site.titel}} {{ roots }}\n</footer>\n"]), [
            "templates/footer.mustache:2:3: warning: no page has a value named 'site.titel': it renders as nothing",
            "note: did you mean 'site.title'?",
            "templates/footer.mustache:2:19: warning: no page has a value named 'roots': it renders as nothing",
            "note: did you mean 'root'?",
        ])
    }

    /// Inside a section the section's value's names count; a partial is checked where it is
    /// included (article-item inside `{{#articles}}`); `params` takes any name.
    func testNamesAreCheckedWhereTheyAreLookedUp() throws {
        XCTAssertEqual(try warnings([
            "article-item": "<li>{{title}} {{word_count}} {{site.title}} {{params.anything.at_all}} {{#tags}}{{name}}{{/tags}}</li>\n",
            "footer": "{{#article}}{{title}}{{#tags}}{{name}} {{title}}{{/tags}}{{/article}}{{#pagination}}{{#pages}}{{number}}{{/pages}}{{/pagination}}\n",
        ]), [])
        // Outside a section, an article's names are not a page's.
        XCTAssertEqual(try warnings(["footer": "{{word_count}}\n"]), [
            "templates/footer.mustache:1:3: warning: no page has a value named 'word_count': it renders as nothing",
        ])
    }

    /// A section over an unknown name is reported once: what is inside it is not checked
    /// against a guess; an inverted section adds no names.
    func testAnUnknownSectionIsReportedOnce() throws {
        XCTAssertEqual(try warnings(["footer": "{{#artikle}}{{anything}}{{/artikle}}{{^article}}{{title}}{{/article}}\n"]), [
            "templates/footer.mustache:1:4: warning: no page has a value named 'artikle': it renders as nothing",
            "note: did you mean 'article'?",
            "templates/footer.mustache:1:51: warning: no page has a value named 'title': it renders as nothing",
            "note: did you mean 'site'?",
        ])
    }

    /// Text between a parent's overrides renders nowhere: a warning where it starts.
    func testTextInsideAParentIsAWarning() throws {
        XCTAssertEqual(try warnings(["404": "{{<base}}\n{{$content}}<h1>Not here</h1>{{/content}}\n<p>Lost</p>\n{{/base}}\n"]), [
            "templates/404.mustache:3:1: warning: text between a parent's overrides is ignored",
            "note: only what is inside {{$block}} ... {{/block}} replaces the parent's blocks",
        ])
    }

    /// A partial included in two places is reported only when its name is defined in neither.
    func testAPartialIsReportedOnlyWhereNoUseDefinesTheName() throws {
        XCTAssertEqual(try warnings([
            "footer": "{{> bit}}{{#article}}{{> bit}}{{/article}}\n",
            "bit": "{{slug}}{{nope}}\n",
        ]), [
            "templates/bit.mustache:1:11: warning: no page has a value named 'nope': it renders as nothing",
        ])
    }
}
