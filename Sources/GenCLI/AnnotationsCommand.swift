import ArgumentParser
import Foundation
import GenKit

/// `gen annotations`: notes to and from other tools.
struct AnnotationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotations",
        abstract: "Bring notes in from other annotation tools, or pin fact checks to their sentences.",
        subcommands: [ImportCommand.self, PinCommand.self]
    )

    /// `gen annotations pin`: each fact check's sentence written into it as prefix and suffix.
    struct PinCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pin",
            abstract: "Write into each fact check the words of its sentence around its quote, as prefix and suffix.",
            discussion: """
            Fact checks that have no prefix or suffix get the words of their sentence just before and after the \
            quote (the whole sentence, up to 400 characters each side) and pinned=sentence. From then on an edit to those words, or words added to \
            the sentence, makes the note an error \
            at every build, in every clone, until someone reads the sentence again and writes its new words. \
            Only the notes' attribute lines change. A fact check whose claim, sentence or place changed since the last \
            build (in public/, or the folder --output names) is not pinned unless --accept-claim-changes says its verdict was read again for its new words.
            """
        )

        @OptionGroup var location: SiteLocationOptions

        @OptionGroup var lastBuild: LastBuildOption

        @Flag(name: .long, help: "Pin fact checks whose claim, sentence or place changed since the last build too, once someone has read them again.")
        var acceptClaimChanges = false

        @Option(name: .customLong("accept-claim-change"), help: ArgumentHelp("""
            As --accept-claim-changes, for the one fact check named (article slug, '#', note id); repeat it for more.
            """, valueName: "slug#id"))
        var acceptClaimChange: [String] = []

        func validate() throws { _ = try ClaimAcceptance.fromCommandLine(all: acceptClaimChanges, notes: acceptClaimChange) }

        func run() throws {
            let accepting = try ClaimAcceptance.fromCommandLine(all: acceptClaimChanges, notes: acceptClaimChange)
            var options = BuildOptions(siteDirectory: location.site, baseURL: location.baseURL, drafts: true, future: true)
            // Every document rendered now: a rendering from the cache does not know its paragraphs' edges.
            options.readRenderCache = false
            options.search = false
            options.sentenceWindow = AnchorNotes.pinnedSentenceWindow
            // Compared with the last build, whose changed claims are shown (and not pinned).
            options.previousOutput = try lastBuild.lastBuild(site: location.site)
            if options.previousOutput == nil {
                // The site is built elsewhere: pinned without that build, a changed sentence
                // would pass for read again.
                if lastBuild.output == nil, let other = otherBuilds(site: location.site).first {
                    Terminal.printError("gen: error: no last build in \(defaultOutput(site: location.site)), but \(other)/ holds one: "
                                        + "the sentences are compared with the last build before they are pinned")
                    Terminal.printError("note: name it: gen annotations pin --output \(other)")
                    throw ExitCode(1)
                }
                Terminal.printError("gen: warning: no last build to compare the sentences with (\(defaultOutput(site: location.site)) "
                                    + "holds none): each fact check is pinned as its sentence reads now")
            }
            // Let through, not taken as read: what changed is shown, and pinned only if accepted below.
            options.acceptClaimChanges = .preview
            let result = SiteBuilder(options: options).build(into: .discard)
            guard result.succeeded else {
                Terminal.printDiagnostics(result.diagnostics)
                Terminal.printError("gen: the site does not build: fix the errors above before pinning")
                throw ExitCode(1)
            }
            let report = ClaimPins.pin(result, siteDirectory: location.site,
                                       acceptingChanges: accepting)
            print(AnchorRepair.Change.diff(report.changes), terminator: "")
            var shownProblems = report.problems
            shownProblems.append(contentsOf: result.diagnostics.items.filter { $0.verdictAtRisk != nil })
            Terminal.printDiagnostics(shownProblems)
            func shown(_ notes: [String]) -> String {
                notes.sorted().prefix(10).joined(separator: ", ") + (notes.count > 10 ? " and \(notes.count - 10) more" : "")
            }
            print("gen: pinned \(Terminal.plural(report.pinned.count, "fact check"))"
                  + (report.ownWords.isEmpty ? "" : "; \(report.ownWords.count) left as they are (pinned, with a prefix or suffix "
                     + "of their own, or their sentence twice in the article): " + shown(report.ownWords))
                  + (report.held.isEmpty ? "" : "; \(report.held.count) held for review, not pinned (pin them once read again): "
                     + shown(report.held))
                  + (report.changed.isEmpty ? "" : "; \(report.changed.count) not pinned, their sentence or place having "
                     + "changed since the last build (above): " + shown(report.changed)
                     + "; read them again, then pin each with --accept-claim-change SLUG#ID (or all with --accept-claim-changes)")
                  + (report.runOn.isEmpty ? "" : "; \(report.runOn.count) not pinned, their sentence running on past "
                     + "\(AnchorNotes.pinnedSentenceWindow) characters (warned of above): " + shown(report.runOn))
                  + (report.claimChanged.isEmpty ? "" : "; \(report.claimChanged.count) not pinned, their claim having changed "
                     + "since the last build (the words of their quote, the lead-in they read with, or the place their occurrence "
                     + "picks: above): " + shown(report.claimChanged)
                     + "; read them again, then build once with --accept-claim-change SLUG#ID for each (or --accept-claim-changes)"))
            if report.problems.hasErrors { throw ExitCode(1) }
        }
    }

    /// `gen annotations import`: W3C Web Annotations (Hypothesis's export too) into annotation files.
    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import W3C Web Annotations (a Hypothesis export, or gen's annotations.jsonld) as notes.",
            discussion: """
            Each annotation is placed on the article at its target's source (base_url and the article's path, \
            or the article's front matter url) and on the passage its TextQuoteSelector quotes, and written to \
            content/annotations/<slug>.md. Annotations that cannot be placed are reported, and left out.
            """
        )

        @Argument(help: "The JSON file: one annotation, an AnnotationCollection or AnnotationPage, an array, or Hypothesis rows.")
        var file: String

        @OptionGroup var location: SiteLocationOptions

        @Flag(name: .long, help: "Replace annotation files that exist.")
        var force = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                var isFolder: ObjCBool = false
                let why = !FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) ? "there is no such file"
                    : isFolder.boolValue ? "it is a folder" : "it cannot be read (its permissions?)"
                Terminal.printError("gen: error: cannot read \(Diagnostic.quoted(file)): \(why)")
                Terminal.printError("note: give the JSON file of W3C Web Annotations to import (a Hypothesis export, or a page's "
                                    + "annotations.jsonld from a gen build)")
                throw ExitCode(1)
            }
            // Drafts and articles dated in the future are annotated too.
            let options = BuildOptions(siteDirectory: location.site, baseURL: location.baseURL, drafts: true, future: true)
            let report = AnnotationImporter(options: options, force: force).run([UInt8](data), path: file)
            Terminal.printDiagnostics(report.diagnostics)
            for (path, notes) in report.written { print("wrote \(Terminal.plural(notes, "note")) to \(path)") }
            let left = report.diagnostics.errorCount
            print("gen: imported \(Terminal.plural(report.imported, "annotation"))"
                  + (left > 0 ? "; \(Terminal.plural(left, "annotation")) not imported" : ""))
            if report.diagnostics.hasErrors { throw ExitCode(1) }
        }
    }
}
