import ArgumentParser
import Foundation
import GenKit

/// `gen build`: the whole site into the output folder, or nothing at all.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into its output folder (public/ by default)."
    )

    @OptionGroup var siteOptions: SiteOptions

    @Option(name: .long, help: "The output folder (default: public/ inside the site).")
    var output: String?

    @Flag(name: .customLong("file-urls"), help: "Make links end in index.html, for opening the output from disk (file://) without a server.")
    var fileURLs = false
    @Flag(name: .long, help: "Build without the search index this once (quicker), whatever gen.toml's [search] says.")
    var noSearch = false
    @Flag(name: .customLong("no-cache"), help: "Render every document anew this once, without reading the render cache beside the output (it is still written).")
    var noCache = false

    @Flag(name: .long, help: "Make every warning an error: the build fails and writes nothing if there is any (for CI).")
    var strict = false

    @Flag(name: .long, help: """
        Publish fact checks whose claim, sentence or place changed since the last build (each a warning), \
        once someone has read them again; without it each is an error and the build writes nothing.
        """)
    var acceptClaimChanges = false

    @Option(name: .customLong("accept-claim-change"), help: ArgumentHelp("""
        As --accept-claim-changes, for the one fact check named (as the errors name it: article slug, '#', note id); \
        repeat it for more.
        """, valueName: "slug#id"))
    var acceptClaimChange: [String] = []

    @Flag(name: .long, help: "Fail at once when another build is writing the same output folder, instead of waiting for it.")
    var noWait = false

    func validate() throws { _ = try ClaimAcceptance.fromCommandLine(all: acceptClaimChanges, notes: acceptClaimChange) }

    func run() throws {
        let start = ContinuousClock.now
        var options = siteOptions.buildOptions
        options.fileURLs = fileURLs
        options.search = !noSearch
        options.readRenderCache = !noCache
        options.strict = strict
        options.acceptClaimChanges = try .fromCommandLine(all: acceptClaimChanges, notes: acceptClaimChange)
        let outputPath = output ?? defaultOutput(site: siteOptions.site)
        // Into another folder: one that holds no build is compared with what the site's own
        // output published (`BuildOptions.previousOutput`), so that a verdict held or a claim
        // changed there is not let through here.
        let ownOutput = defaultOutput(site: siteOptions.site)
        if output != nil, OutputWriter.canonical(outputPath) != OutputWriter.canonical(ownOutput), OutputWriter.holdsLastBuild(ownOutput) {
            options.previousOutput = ownOutput
        }
        let refusals = OutputWriter.check(output: outputPath, site: options.siteDirectory, displayOutput: outputPath)
        // One build per output at a time, from before the site is read until the swap: a build
        // that read older files must not swap its output in after a newer one.
        var lock: OutputLock?
        if refusals.isEmpty {
            do {
                lock = try OutputLock(output: outputPath, wait: !noWait) {
                    Terminal.printError("gen: waiting for another build of \(outputPath) to finish")
                }
            } catch is OutputLock.Busy {
                Terminal.printError("gen: error: another build is writing \(outputPath); \(outputPath) was left as it was")
                Terminal.printError("note: run gen build again once it is done, or without --no-wait to wait for it")
                throw ExitCode(1)
            } catch {
                Terminal.printError("gen: error: \(error)")
                throw ExitCode(1)
            }
        }
        let target: OutputTarget = refusals.isEmpty
            ? .folder(OutputWriter(outputDirectory: outputPath, jobs: options.jobs)) : .discard
        var result = SiteBuilder(options: options).build(into: target)
        lock?.release()
        result.diagnostics.append(contentsOf: refusals)
        Terminal.printDiagnostics(result.diagnostics)
        let suggested = Terminal.suggestedOptions(site: siteOptions.site, output: output)
        Terminal.printSuggestedOptions(result.diagnostics, options: suggested)
        guard result.succeeded else {
            let kept = FileManager.default.fileExists(atPath: outputPath) ? "\(outputPath) was left as it was" : "nothing was written"
            Terminal.printError("gen: build failed with \(Terminal.plural(result.diagnostics.errorCount, "error")); " + kept)
            if let uncompared = Terminal.uncompared(result, output: outputPath + "/", options: suggested) { Terminal.printError(uncompared) }
            throw ExitCode(1)
        }
        let warnings = result.diagnostics.warningCount
        print("gen: built \(Terminal.contents(of: result)), \(Terminal.plural(result.pageCount, "file")) into \(outputPath) "
              + "in \(Terminal.milliseconds(since: start)) ms"
              + (result.searchMilliseconds.map { "; search: \(Terminal.plural(result.searchPages, "page")) indexed in \($0) ms" } ?? "")
              // A page opened from disk cannot load the index: such a build has none.
              + (result.config.fileURLs && !noSearch && result.config.search.enabled != false ? "; no search (file URLs)" : "")
              // Said, so that a site published from such a build is not taken for one without search.
              + (noSearch && result.config.search.enabled != false ? "; no search (--no-search)" : "")
              + Terminal.leftOut(of: result)
              + (warnings > 0 ? " (\(Terminal.plural(warnings, "warning")))" : ""))
        if let uncompared = Terminal.uncompared(result, output: outputPath + "/", options: suggested, built: true) { print(uncompared) }
        if let host = result.config.exampleHost {
            print("gen: base_url is at \(host), a name kept for examples: before publishing, set base_url in gen.toml (or --base-url) "
                  + "to the address the site will be served at; the canonical links, feeds and sitemap use it")
        }
        // Done: the operating system frees the site's memory faster than a deinit per value.
        fflush(nil)
        Foundation.exit(0)
    }
}
