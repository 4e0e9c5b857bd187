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
            content/annotations/plan.md:7:1: error: the claim of fact check 'flood' changed since the build that last published its verdict, in article 'plan' \
            and in its quote: 'winter' → 'summer'
            """), released.stderr)
        XCTAssertTrue(try site.read("public/articles/plan/index.html").contains("Under review"))

        let accepted = try GenProcess.run(["build", "--accept-claim-change", "plan#flood", "--site", site.directory])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.directory + "/.public.gen-verdicts"))
        let after = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(after.stderr, "")
    }

    /// The output deleted (`rm -rf public`, as before a clean build) while the record beside it
    /// is kept: a claim changed while held is compared with its published words all the same,
    /// by `gen check` and `gen build`, and a build made while it is still held keeps the record.
    func testTheRecordOutlivesADeletedOutput() throws {
        let site = try site()
        // Published once, then held: the build that holds it records where its verdict stood.
        try replace(" review=\"waiting on the agency\"", "", in: site, paths: ["content/annotations/plan.md"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace("verdict=unsupported", "verdict=unsupported review=\"waiting on the agency\"", in: site,
                    paths: ["content/annotations/plan.md"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        XCTAssertTrue(try site.read(".public.gen-verdicts").contains("\"exact\" : \"the harbour floods every winter\""))
        try replace("every winter", "every summer", in: site, paths: ["content/articles/plan.md", "content/annotations/plan.md"])
        try FileManager.default.removeItem(atPath: site.directory + "/public")
        let held = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(held.status, 0, held.stderr)
        XCTAssertTrue(try site.read(".public.gen-verdicts").contains("\"exact\" : \"the harbour floods every winter\""))
        try FileManager.default.removeItem(atPath: site.directory + "/public")
        try replace(" review=\"waiting on the agency\"", "", in: site, paths: ["content/annotations/plan.md"])
        let said = """
            content/annotations/plan.md:7:1: error: the claim of fact check 'flood' changed since the build that last published its verdict, in article 'plan' \
            and in its quote: 'winter' → 'summer'
            """
        for command in ["check", "build"] {
            let run = try GenProcess.run([command, "--site", site.directory])
            XCTAssertEqual(run.status, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains(said), run.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.directory + "/public"))
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

    /// A fact check taken away for a while (deleted, made a context note, its article a draft,
    /// or its article renamed without an alias while it was held) and then put back on changed
    /// words: compared with the words its verdict was given for.
    func testAFactCheckPutBackIsComparedWithItsPublishedWords() throws {
        let jobs = "> the plan would create 200 jobs\n\n{#jobs .fact-check verdict=misleading}\n\nFewer.\n\n"
        let notes = try XCTUnwrap(Self.notes.components(separatedBy: jobs).last)
        let changes: [(String, (TemporarySite) throws -> Void, (TemporarySite) throws -> Void)] = [
            ("deleted", { site in try site.write("content/annotations/plan.md", notes) },
                        { site in try site.write("content/annotations/plan.md", jobs.replacingOccurrences(of: "200", with: "250") + notes) }),
            ("made context", { site in try self.replace("{#jobs .fact-check verdict=misleading}", "{#jobs}", in: site,
                                                          paths: ["content/annotations/plan.md"])
                                       try self.replace("200 jobs", "250 jobs", in: site, paths: ["content/annotations/plan.md"]) },
                             { site in try self.replace("{#jobs}", "{#jobs .fact-check verdict=misleading}", in: site,
                                                          paths: ["content/annotations/plan.md"]) }),
            ("a draft", { site in try self.replace("title: Plan", "title: Plan\ndraft: true", in: site, paths: ["content/articles/plan.md"]) },
                        { site in try self.replace("title: Plan\ndraft: true", "title: Plan", in: site, paths: ["content/articles/plan.md"])
                                  try self.replace("200 jobs", "250 jobs", in: site, paths: ["content/annotations/plan.md"]) }),
        ]
        for (what, away, back) in changes {
            let site = try site()
            try away(site)
            try replace("200 jobs", "250 jobs", in: site, paths: ["content/articles/plan.md"])
            let awayBuild = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(awayBuild.status, 0, what + ": " + awayBuild.stderr)
            try back(site)
            let backBuild = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(backBuild.status, 1, what + ": " + backBuild.stderr)
            XCTAssertTrue(backBuild.stderr.contains("error: the claim of fact check 'jobs' changed"), what + ": " + backBuild.stderr)
        }

        // Held, its claim changed, its article renamed without an alias, then released.
        let site = try site()
        try replace("every winter", "every summer", in: site, paths: ["content/articles/plan.md", "content/annotations/plan.md"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        for (old, new) in [("content/articles/plan.md", "content/articles/harbour-plan.md"),
                           ("content/annotations/plan.md", "content/annotations/harbour-plan.md")] {
            try site.write(new, try site.read(old))
            try FileManager.default.removeItem(atPath: site.directory + "/" + old)
        }
        let renamed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("is gone: its notes are compared with that article's"), renamed.stderr)
        try replace(" review=\"waiting on the agency\"", "", in: site, paths: ["content/annotations/harbour-plan.md"])
        let released = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(released.status, 1, released.stderr)
        XCTAssertTrue(released.stderr.contains("error: the claim of fact check 'flood' changed"), released.stderr)
    }

    /// An orphaned fact check whose id changes while it is orphaned (its quote edited, still not
    /// found) is still known when it anchors again.
    func testAnOrphanWhoseIdChangedIsStillCompared() throws {
        let site = try site(orphans: "warn")
        try site.write("content/annotations/plan.md", Self.notes.replacingOccurrences(of: "{#jobs ", with: "{"))
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace("create 200 jobs", "create 250 jobs", in: site, paths: ["content/articles/plan.md"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace("> the plan would create 200 jobs", "> plan would create 200 jobs", in: site, paths: ["content/annotations/plan.md"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace("> plan would create 200 jobs", "> the plan would create 250 jobs", in: site, paths: ["content/annotations/plan.md"])
        let anchored = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(anchored.status, 1, anchored.stderr)
        XCTAssertTrue(anchored.stderr.contains("'200' → '250'"), anchored.stderr)
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
                                               + "the build that last published its verdict, in article 'plan' and in its quote: '200' → '250'"),
                      anchored.stderr)
        XCTAssertFalse(try site.read("public/articles/plan/annotations.jsonld").contains("create 250 jobs"))
    }

    /// Words added before a fact check's sentence are seen whatever the distance from its start
    /// to the quote: where the 32 characters kept before the quote began inside the last word of
    /// the sentence before ("t. Dr. Lee said" of "met."), that word read as an initial and hid
    /// where the sentence began. Characters that show nothing, and "…" for "...", change no claim.
    func testTheSentenceStartIsSeenAndInvisibleChangesAreNotClaims() throws {
        // From the sentence's start to the quote, 27 to 31 characters: the 32 kept start in "met. ".
        for day in ["May 1", "Friday", "Tuesday", "Thursday", "Wednesday"] {
            let opening = day
            let article = "---\ntitle: Bridge\n---\nThe council met. Dr. Lee said on \(day) that the new bridge will cost £14m... Work starts soon.\n"
            let site = try TemporarySite([
                "gen.toml": "title = \"T\"\n[search]\nenabled = false\n",
                "content/articles/bridge.md": article,
                "content/annotations/bridge.md": "> the new bridge will cost £14m\n\n{#cost .fact-check verdict=true}\n\nIt will.\n",
            ])
            XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
            // Shown the same: no change.
            for (old, new) in [("£14m...", "£14m\u{2026}"), ("bridge", "bri\u{AD}dge"), ("said", "sa\u{200B}id")] {
                try replace(old, new, in: site, paths: ["content/articles/bridge.md"])
                let same = try GenProcess.run(["build", "--site", site.directory])
                XCTAssertEqual(same.status, 0, opening + new + "\n" + same.stderr)
                XCTAssertFalse(same.stderr.contains("changed"), opening + new + "\n" + same.stderr)
            }
            try site.write("content/articles/bridge.md", article)
            XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
            try replace("Dr. Lee said", "No one believes Dr. Lee said", in: site, paths: ["content/articles/bridge.md"])
            let changed = try GenProcess.run(["build", "--site", site.directory])
            XCTAssertEqual(changed.status, 1, opening + "\n" + changed.stderr)
            XCTAssertTrue(changed.stderr.contains("error: the sentence of fact check 'cost' changed"), opening + "\n" + changed.stderr)
            XCTAssertTrue(changed.stderr.contains("'No one believes' added"), opening + "\n" + changed.stderr)
        }
    }

    /// Held, then its article renamed without an alias in the same edit as a changed claim,
    /// then released: compared with the words its verdict was given for in the old article.
    func testARenameWhileHeldKeepsTheWordsItsVerdictWasGivenFor() throws {
        let site = try site()
        try replace("{#jobs .fact-check verdict=misleading}", "{#jobs .fact-check verdict=misleading review=\"checking\"}",
                    in: site, paths: ["content/annotations/plan.md"])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try site.write("content/articles/harbour-plan.md", try site.read("content/articles/plan.md")
            .replacingOccurrences(of: "The mayor said", with: "The mayor denied"))
        try site.write("content/annotations/harbour-plan.md", try site.read("content/annotations/plan.md"))
        try FileManager.default.removeItem(atPath: site.directory + "/content/articles/plan.md")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/plan.md")
        let renamed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("article 'harbour-plan' is new since the last build, and '/articles/plan/'"), renamed.stderr)
        try replace(" review=\"checking\"", "", in: site, paths: ["content/annotations/harbour-plan.md"])
        let released = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(released.status, 1, released.stderr)
        XCTAssertTrue(released.stderr.contains("error: the sentence of fact check 'jobs' changed"), released.stderr)
        XCTAssertTrue(released.stderr.contains("'said' → 'denied'"), released.stderr)
    }

    /// A pinned fact check given a new id in the same edit as its claim, quote and prefix
    /// (rewritten as the error for a changed claim suggests): it is the same note renamed, and
    /// its claim is compared, `--strict` or not. A new note of its own pinned to another
    /// sentence with the same words is not (`MovedNoteTests`).
    func testARenamedPinnedFactCheckWithANewClaimIsCompared() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\n[search]\nenabled = false\n",
            "content/articles/deal.md": "---\ntitle: Deal\n---\nThe mayor confirmed that the contract was awarded lawfully "
                + "to the lowest bidder in May.\n\nOfficials said the bridge would reopen in the autumn.\n",
            "content/annotations/deal.md": "> the contract was awarded lawfully to the lowest bidder\n\n"
                + "{#lawful .fact-check verdict=true prefix=\"The mayor confirmed that \"}\n\nYes.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace("confirmed that the contract was awarded lawfully to the lowest", "denied that the contract was awarded lawfully to the highest",
                    in: site, paths: ["content/articles/deal.md"])
        try replace("lowest bidder", "highest bidder", in: site, paths: ["content/annotations/deal.md"])
        try replace("{#lawful .fact-check verdict=true prefix=\"The mayor confirmed that \"}",
                    "{#contract-award .fact-check verdict=true prefix=\"The mayor denied that \"}", in: site, paths: ["content/annotations/deal.md"])
        let renamed = try GenProcess.run(["build", "--strict", "--site", site.directory])
        XCTAssertEqual(renamed.status, 1, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("""
            content/annotations/deal.md:1:1: error: the claim of fact check 'contract-award' changed since the last build, \
            in article 'deal' and in its quote: 'lowest' → 'highest'
            """), renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("note 'contract-award' was 'lawful' in the last build of article 'deal'"), renamed.stderr)
        XCTAssertTrue(try site.read("public/articles/deal/index.html").contains("lowest bidder"))
    }

    /// A paragraph that ends without a full stop is not the sentence of a claim in the next
    /// one: a sentence put at the start of the claim's paragraph is a layout edit ("An editor
    /// added this. of Jamaica ran…", a pasted paragraph starting in lowercase included), and
    /// words put before the claim's own sentence are still a change.
    func testAParagraphBeforeIsNotTheClaimsSentence() throws {
        let article = "---\ntitle: Run\n---\nShe finished third in 7:46.78. Olympic 200m gold medallist\n\n"
            + "of Jamaica ran the fastest women's 60m in the world this year as she equalled her best.\n\n"
            + "Background of the plan\n\nDr. Lee said the new bridge will cost £14m.\n"
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\n[search]\nenabled = false\n",
            "content/articles/run.md": article,
            "content/annotations/run.md": "> fastest women's 60m in the world this year as she\n\n{#fast .fact-check verdict=true}\n\nYes.\n\n"
                + "> the new bridge will cost £14m\n\n{#cost .fact-check verdict=true}\n\nIt will.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        try replace("\nof Jamaica", "\nAn editor added this sentence to the paragraph. of Jamaica", in: site, paths: ["content/articles/run.md"])
        try replace("\nDr. Lee", "\nAn editor wrote this. Dr. Lee", in: site, paths: ["content/articles/run.md"])
        let layout = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(layout.status, 0, layout.stderr)
        XCTAssertEqual(layout.stderr, "")
        try replace("this. Dr. Lee", "this. Critics deny that Dr. Lee", in: site, paths: ["content/articles/run.md"])
        let claim = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(claim.status, 1, claim.stderr)
        XCTAssertTrue(claim.stderr.contains("'Critics deny that' added"), claim.stderr)
    }

    /// An article renamed without an alias, its fact check's id changed and its claim changed,
    /// all in one edit: the note is still found in the gone article by its words and what
    /// surrounds them, and the changed sentence is an error.
    func testARenameWithANewIdAndAChangedClaimIsFound() throws {
        let site = try site()
        try site.write("content/articles/harbour-plan.md", try site.read("content/articles/plan.md")
            .replacingOccurrences(of: "The mayor said", with: "The mayor denied"))
        try site.write("content/annotations/harbour-plan.md",
                       "> the plan would create 200 jobs\n\n{#new-jobs .fact-check verdict=misleading}\n\nFewer.\n")
        try FileManager.default.removeItem(atPath: site.directory + "/content/articles/plan.md")
        try FileManager.default.removeItem(atPath: site.directory + "/content/annotations/plan.md")
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 1, built.stdout + built.stderr)
        XCTAssertTrue(built.stderr.contains("article 'harbour-plan' is new since the last build, and '/articles/plan/'"), built.stderr)
        XCTAssertTrue(built.stderr.contains("'said' → 'denied'"), built.stderr)
    }
}

/// A last build made by a gen that read a fact check's sentence on across a block's edge (into
/// a heading before it, or the paragraph after one that ends without a full stop) kept that
/// block's words in the note's prefix or suffix: they are not taken for words the sentence lost.
/// Words of the sentence's own block that are gone still are.
final class EarlierBuildsAcrossBlocksTests: XCTestCase {
    func testWordsOfTheNeighbouringBlockInTheLastBuildAreNotAChange() throws {
        let site = try TemporarySite([
            "gen.toml": "title = \"T\"\n[search]\nenabled = false\n",
            "content/articles/a.md": "---\ntitle: A\n---\n\n## Background of the fares\n\nThe council froze bus fares for a year.\n\n"
                + "- Rents went up by a tenth\n- Wages stayed where they were\n",
            "content/annotations/a.md": "> froze bus fares\n\n{#froze .fact-check verdict=true}\n\nIt did.\n\n"
                + "> went up by\n\n{#rents .fact-check verdict=false}\n\nThey fell.\n",
        ])
        XCTAssertEqual(try GenProcess.run(["build", "--site", site.directory]).status, 0)
        let export = "public/articles/a/annotations.jsonld"
        let written = try site.read(export)
        XCTAssertTrue(written.contains("\"prefix\":\"The council \""), written)
        XCTAssertTrue(written.contains("\"suffix\":\" a tenth\""), written)
        // As an earlier gen wrote them: the heading's words before, the next item's after.
        try site.write(export, written.replacingOccurrences(of: "\"prefix\":\"The council \"", with: "\"prefix\":\"Background of the fares The council \"")
            .replacingOccurrences(of: "\"suffix\":\" a tenth\"", with: "\"suffix\":\" a tenth Wages stayed where\""))
        let built = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(built.status, 0, built.stderr)
        XCTAssertEqual(built.stderr, "")
        // Words that were the sentence's own are a change, whatever gen wrote them.
        let rewritten = try site.read(export)
        try site.write(export, rewritten.replacingOccurrences(of: "\"prefix\":\"The council \"", with: "\"prefix\":\"Critics say the council \""))
        let changed = try GenProcess.run(["build", "--site", site.directory])
        XCTAssertEqual(changed.status, 1, changed.stderr)
        XCTAssertTrue(changed.stderr.contains("note: changed: 'Critics say' removed\n"), changed.stderr)
    }
}
