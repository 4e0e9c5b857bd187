import ArgumentParser
import Foundation
import GenKit

/// `gen check`: every validation of a build plus a check of every internal link; writes nothing.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the site and every internal link and anchor, writing nothing."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var siteOptions: SiteOptions

    @OptionGroup var lastBuild: LastBuildOption

    @Option(name: .long, help: "How to print the diagnostics: text or json.")
    var format: Format = .text

    @Flag(name: .long, help: """
        Rewrite the quote of every orphaned note whose closest passage is unique and at least 85% similar \
        to the article's current words (or the quote with one word replaced), printing each change as a diff; \
        nothing else changes. Where several passages are as close, the one where the note was in public/ is taken.
        """)
    var fixAnchors = false

    @Flag(name: .long, help: """
        With --fix-anchors, also repair fact checks whose claim changed (any word changed but a mended spelling), \
        marking each review="..." in its attributes: its verdict is not published until that is removed. \
        Fact checks whose claim, sentence or place changed since the last build are warnings, as in \
        'gen build --accept-claim-changes', not errors.
        """)
    var acceptClaimChanges = false

    @Option(name: .customLong("accept-claim-change"), help: ArgumentHelp("""
        As --accept-claim-changes, for the one fact check named (article slug, '#', note id); repeat it for more.
        """, valueName: "slug#id"))
    var acceptClaimChange: [String] = []

    @Flag(name: .long, help: "Make every warning an error, so that the check fails (exit 1) if there is any (for CI).")
    var strict = false

    @Flag(name: .long, help: "Check the site as 'gen build --no-search' builds it: without search (no Pagefind looked for, no search page).")
    var noSearch = false

    func validate() throws { _ = try ClaimAcceptance.fromCommandLine(all: acceptClaimChanges, notes: acceptClaimChange) }

    func run() throws {
        var options = siteOptions.buildOptions
        options.strict = strict
        let accepting = try ClaimAcceptance.fromCommandLine(all: acceptClaimChanges, notes: acceptClaimChange)
        options.acceptClaimChanges = accepting
        options.previousOutput = try lastBuild.lastBuild(site: options.siteDirectory)
        // As `gen build` would: Pagefind looked for, and the search page checked when the site
        // is indexed (the index itself is not made: nothing is written).
        options.search = !noSearch
        // The links of a site with other errors are checked too, as far as its pages were made.
        options.keepPagesWithErrors = true
        var result = SiteBuilder(options: options).build()
        var repairDiagnostics = DiagnosticList()
        var repairs: [AnchorRepair.Change] = []
        // With JSON on standard output, what a person reads (the diffs, the summary) goes to
        // standard error, and the repairs are in the JSON.
        let say: (String) -> Void = format == .json ? { Terminal.printError(String($0.dropLast())) } : { print($0, terminator: "") }
        if fixAnchors {
            // Where several passages are as close, the live output says where the note was: the
            // build read it for each orphan (`OrphanedNote.lastPlace`).
            let (changes, claims, problems) = AnchorRepair.fix(result.orphans, siteDirectory: options.siteDirectory,
                                                              acceptClaimChanges: accepting)
            if !changes.isEmpty { say(AnchorRepair.Change.diff(changes)) }
            repairs = changes
            repairDiagnostics = problems
            var held = DiagnosticList()
            for claim in claims {
                if let before = claim.movedFrom {
                    held.warning("the closest passage to note '\(claim.note)' is not where the note was; its quote was left as it was",
                                 at: claim.location,
                                 notes: [.init("the article now has '\(claim.new)' elsewhere"),
                                         .init("in the last build the note was on “…\(before.prefix)⟨\(claim.old)⟩\(before.suffix)…”"),
                                         .init("if that passage is the one the note is about, repair the quote by hand")])
                    continue
                }
                let what = claim.changed.isEmpty
                    ? "the sentence of fact check '\(claim.note)' changed around its quote: \(claim.sentence.joined(separator: ", "))"
                    : "the claim of fact check '\(claim.note)' changed: \((claim.changed + claim.sentence).joined(separator: ", "))"
                if claim.accepted {
                    held.warning(what + "; its quote was repaired", at: claim.location,
                                 notes: [.init("it is marked review=\"…\" for now: its verdict, which may no longer hold, is not "
                                               + "published until you read the note again and remove that")])
                } else {
                    held.warning(what + "; its quote was left as it was", at: claim.location,
                                 notes: [.init("the article now says '\(claim.new)'; the verdict may no longer hold"),
                                         .init("review the note, then repair it by hand or with --fix-anchors "
                                               + "--accept-claim-change \(claim.article)#\(claim.note)")])
                }
            }
            // Printed with the check's own diagnostics below, and counted with them.
            repairDiagnostics.append(contentsOf: held)
            let pinned = result.orphans.filter(\.heldByItsWords).count
            let heldBack = claims.filter { !$0.accepted }.count
            let left = result.orphans.count - changes.count - pinned - heldBack
            say("gen: fixed \(Terminal.plural(changes.count, "anchor"))"
                + (heldBack > 0 ? "; \(Terminal.plural(heldBack, "repair")) held back for review (warnings below)" : "")
                + (left > 0 ? "; \(Terminal.plural(left, "orphaned note")) left to fix by hand" : "")
                + (pinned > 0 ? "; \(Terminal.plural(pinned, "note")) whose sentence no longer matches its prefix or suffix, to review" : "")
                + "\n")
            // Check again, so what is printed below is the state of the site as it now is; a note
            // the repairs accepted is held for review now, and its name has done its work.
            if case .notes(let names) = accepting {
                options.acceptClaimChanges = .notes(names.subtracting(claims.filter(\.accepted).map { $0.article + "#" + $0.note }))
            }
            if !changes.isEmpty { result = SiteBuilder(options: options).build() }
        }
        if !result.unsortedFiles.isEmpty {
            // A broken link written in a document is reported where it is written.
            let site = options.siteDirectory
            result.diagnostics.append(contentsOf: LinkChecker(basePath: result.config.basePath, jobs: options.jobs, readSource: { path in
                try? LocalFileSystem(root: site).read(site + "/" + path)
            }).check(result.files))
        }
        // A note file that could not be read or rewritten is an error of this check; a repair
        // held back, or made of a changed claim, a warning.
        result.diagnostics.append(contentsOf: repairDiagnostics)
        // The links' and the repairs' warnings too.
        if strict { result.diagnostics.makeWarningsErrors() }
        switch format {
        case .text:
            Terminal.printDiagnostics(result.diagnostics)
            let suggested = Terminal.suggestedOptions(site: siteOptions.site, output: lastBuild.output)
            Terminal.printSuggestedOptions(result.diagnostics, options: suggested)
            let d = result.diagnostics
            print("gen: checked \(Terminal.plural(result.articleCount, "article"))"
                  + (result.standaloneCount > 0 ? " and \(Terminal.plural(result.standaloneCount, "page"))" : "") + ": "
                  + "\(Terminal.plural(d.errorCount, "error")), \(Terminal.plural(d.warningCount, "warning"))")
            // Notes that moved, and fact checks whose sentence changed, are found against the
            // last build: say when there is none to compare with (a fresh clone, a CI run).
            if let uncompared = Terminal.uncompared(result, output: (lastBuild.output ?? defaultOutput(site: siteOptions.site)) + "/",
                                                     options: suggested) { print(uncompared) }
        case .json:
            print(DiagnosticsJSON.render(result.diagnostics, uncomparedFactChecks: result.uncomparedFactChecks,
                                         repairs: fixAnchors ? repairs : nil))
        }
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
