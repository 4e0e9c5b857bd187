@testable import GenKit
import TestSupport
import XCTest

/// templates/ is the one source of the theme; the embedded copy must match it byte for byte.
final class EmbeddedThemeTests: XCTestCase {
    func testEmbeddedThemeMatchesTemplatesFolder() throws {
        let folder = Fixtures.repositoryRoot + "/templates"
        let files = Fixtures.listFiles(folder).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(files, EmbeddedTheme.files.keys.sorted(), "run 'make theme' after changing templates/")
        for file in files {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            XCTAssertEqual(EmbeddedTheme.files[file], text, "\(file) differs: run 'make theme'")
        }
    }

    func testEveryPageTemplateExists() {
        for name in Theme.pageTemplates {
            XCTAssertNotNil(EmbeddedTheme.files[name + ".mustache"], name)
        }
    }
}
