import Foundation
@testable import GenKit
import TestSupport
import XCTest

/// Fixture sites built in memory and compared byte for byte with their recorded output.
/// Re-record on purpose with `GEN_RECORD=1 swift test --filter GoldenSiteTests`.
final class GoldenSiteTests: XCTestCase {
    func assertMatchesGolden(_ fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let site = try TemporarySite(fixture: "sites/\(fixture)")
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [], file: file, line: line)
        let expectedFolder = Fixtures.path("sites/\(fixture).expected")
        if ProcessInfo.processInfo.environment["GEN_RECORD"] != nil {
            try? FileManager.default.removeItem(atPath: expectedFolder)
            for output in result.files {
                let path = expectedFolder + "/" + output.path
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try Data(output.bytes).write(to: URL(fileURLWithPath: path))
            }
            return
        }
        XCTAssertEqual(result.files.map(\.path).sorted(), Fixtures.listFiles(expectedFolder),
                       "the set of output files changed", file: file, line: line)
        for output in result.files {
            let expectedBytes = (try? Data(contentsOf: URL(fileURLWithPath: expectedFolder + "/" + output.path))) ?? Data()
            guard Data(output.bytes) != expectedBytes else { continue }
            let expected = String(decoding: expectedBytes, as: UTF8.self)
            let actual = String(decoding: output.bytes, as: UTF8.self)
            // The first line that differs, not two whole pages.
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let n = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            XCTFail("\(output.path) differs from \(fixture).expected at line \(n + 1):\n- \(n < e.count ? e[n] : "(end)")\n+ \(n < a.count ? a[n] : "(end)")",
                    file: file, line: line)
        }
    }

    func testBasicSiteMatchesGoldenOutput() throws {
        try assertMatchesGolden("basic")
    }

    /// The example article with notes of every kind: marks, sidenotes, the note list, verdicts,
    /// annotations.jsonld and the ClaimReviews.
    func testAnnotatedSiteMatchesGoldenOutput() throws {
        try assertMatchesGolden("annotated")
    }

    /// Standalone pages with a menu and a note, an article folder with its images, an image in
    /// content/images/, a static file, pages of the index and of a tag, per-tag and per-entity
    /// feeds, headings with ids and tables of contents, and an article dated in the future.
    func testPagesSiteMatchesGoldenOutput() throws {
        try assertMatchesGolden("pages")
    }

    func testOutputIsIdenticalForAnyJobCount() throws {
        for fixture in ["basic", "annotated", "pages"] {
            try assertSameForAnyJobCount(fixture)
        }
    }

    func assertSameForAnyJobCount(_ fixture: String) throws {
        let site = try TemporarySite(fixture: "sites/\(fixture)")
        let one = site.build(jobs: 1).files
        for jobs in [2, 3, 8] {
            let other = site.build(jobs: jobs).files
            XCTAssertEqual(one.map(\.path), other.map(\.path))
            XCTAssertEqual(one.map(\.bytes), other.map(\.bytes), "jobs=\(jobs)")
        }
    }

    func testDraftsAreBuiltOnlyWhenAsked() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        XCTAssertFalse(site.build().files.contains { $0.path == "articles/a-draft/index.html" })
        XCTAssertTrue(site.build(drafts: true).files.contains { $0.path == "articles/a-draft/index.html" })
    }

    func testIndexListsNewestFirstAndUndatedLast() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let index = try XCTUnwrap(site.build().files.first { $0.path == "index.html" })
        let html = String(decoding: index.bytes, as: UTF8.self)
        let order = ["articles/second-report/", "articles/first-report/", "articles/undated-piece/"]
            .map { html.range(of: "href=\"./\($0)\"")?.lowerBound }
        XCTAssertTrue(order.allSatisfy { $0 != nil }, html)
        XCTAssertTrue(order[0]! < order[1]! && order[1]! < order[2]!)
    }

    func testEveryLinkBetweenPagesIsRelative() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        for file in site.build().files where file.path.hasSuffix(".html") && file.path != "404.html" {
            let html = String(decoding: file.bytes, as: UTF8.self)
            for attribute in ["href=\"/", "src=\"/", "href=\"https://example.org/sub"] {
                XCTAssertFalse(html.contains(attribute) && !html.contains("rel=\"canonical\" \(attribute)"),
                               "\(file.path) has an absolute link")
            }
        }
    }

    func testBaseURLFlagOverridesConfig() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let feed = try XCTUnwrap(site.build(baseURL: "https://other.example/").files.first { $0.path == "feed.xml" })
        XCTAssertTrue(String(decoding: feed.bytes, as: UTF8.self).contains("<id>https://other.example/</id>"))
    }

    func testLinkCheckPassesOnTheBuiltSite() throws {
        let site = try TemporarySite(fixture: "sites/basic")
        let result = site.build()
        XCTAssertEqual(LinkChecker(basePath: result.config.basePath, jobs: 2).check(result.files).map(\.rendered), [])
    }
}
