import Foundation
import TestSupport
import XCTest

/// A fact check that publishes no verdict for a while (held for review, or orphaned under
/// `orphans = "warn"`) is compared, once published again, with the words its verdict was
/// given for, not with those it took meanwhile: builds carry that place beside the output.
final class VerdictBaselineTests: XCTestCase {
    static let article = "---\ntitle: Plan\ndate: 2025-01-01\n---\nThe mayor said the plan would create 200 jobs by spring. "
        + "Critics said the harbour floods every winter.\n"
    static let notes = "> the plan would create 200 jobs\n\n{#jobs .fact-check verdict=misleading}\n\nFewer.\n\n"
        + "> the harbour floods every winter\n\n{#flood .fact-check verdict=unsupported review=\"waiting on the agency\"}\n\nUnclear.\n"

    func site(orphans: String = "error") throws -> TemporarySite {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n[annotations]\norphans = \"\(orphans)\"\n[search]\nenabled = false\n",
            "content/articles/plan.md": Self.article,
            "content/annotations/plan.md": Self.notes,
        ])
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 0, built.stderr)
        return site
    }

    func replace(_ old: String, _ new: String, in site: TemporarySite, paths: [String]) throws {
        for path in paths { try site.write(path, try site.read(path).replacingOccurrences(of: old, with: new)) }
    }

    /// The claim changed while its note was held: nothing is said meanwhile (its verdict is not
    /// published), through builds that take the document from the render cache too; once the
    /// hold is lifted, the build fails as for any changed claim, until the change is accepted.
    func testAClaimChangedWhileHeldIsAnErrorOnceReleased() throws {
        let site = try site()
        try replace("every winter", "every summer", in: site, paths: ["content/articles/plan.md", "content/annotations/plan.md"])
        for _ in 1...2 {  // the second from the render cache
            let held = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(held.status, 0, held.stderr)
            XCTAssertFalse(held.stderr.contains("error"), held.stderr)
        }
        XCTAssertTrue(try site.read(".public.gen-verdicts").contains("\"exact\" : \"the harbour floods every winter\""))
        // Pinning it would pass its new words for read again.
        let pinned = try GenProcess.run(["annotations", "pin", "--site", site.directory])
        XCTAssertTrue(pinned.stdout.contains("1 held for review, not pinned (pin them once read again): plan#flood"), pinned.stdout)

        try replace(" review=\"waiting on the agency\"", "", in: site, paths: ["content/annotations/plan.md"])
        let released = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(released.status, 1, released.stderr)
        XCTAssertTrue(released.stderr.contains("""
            content/annotations/plan.md:7:1: error: the claim of fact check 'flood' changed since the last build, in article 'plan' \
            and in its quote: 'winter' → 'summer'
            """), released.stderr)
        XCTAssertTrue(try site.read("public/articles/plan/index.html").contains("Under review"))

        let accepted = try GenProcess.run(["build", "--accept-claim-change", "plan#flood", "--site", site.directory])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.directory + "/.public.gen-verdicts"))
        let after = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(after.stderr, "")
    }

    /// A held note known by an id made from its first words, which changed with them: it is
    /// still known, and compared once released.
    func testAHeldNoteWhoseIdChangedWithItsWordsIsStillCompared() throws {
        let site = try site()
        try site.write("content/annotations/plan.md", Self.notes.replacingOccurrences(of: "{#flood ", with: "{"))
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace("the harbour floods", "the port floods", in: site, paths: ["content/articles/plan.md", "content/annotations/plan.md"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace(" review=\"waiting on the agency\"", "", in: site, paths: ["content/annotations/plan.md"])
        let released = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(released.status, 1, released.stderr)
        XCTAssertTrue(released.stderr.contains("in its quote: 'harbour' → 'port'"), released.stderr)
    }

    /// Orphaned with a warning, then its quote made to match the article's new words: the
    /// verdict is compared with the words it was given for.
    func testAClaimOrphanedUnderWarnIsComparedWhenItAnchorsAgain() throws {
        let site = try site(orphans: "warn")
        try replace("200 jobs", "250 jobs", in: site, paths: ["content/articles/plan.md"])
        let orphaned = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(orphaned.status, 0, orphaned.stderr)
        XCTAssertTrue(orphaned.stderr.contains("content/annotations/plan.md:1:1: warning: quote not found in article 'plan'"),
                      orphaned.stderr)
        try replace("200 jobs", "250 jobs", in: site, paths: ["content/annotations/plan.md"])
        let anchored = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(anchored.status, 1, anchored.stderr)
        XCTAssertTrue(anchored.stderr.contains("content/annotations/plan.md:1:1: error: the claim of fact check 'jobs' changed since "
                                               + "the last build, in article 'plan' and in its quote: '200' → '250'"), anchored.stderr)
        XCTAssertFalse(try site.read("public/articles/plan/annotations.jsonld").contains("250"))
    }
}
