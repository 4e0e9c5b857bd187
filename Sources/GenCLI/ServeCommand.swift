import ArgumentParser
import Foundation
import GenKit
import GenServe

/// `gen serve`: a live preview, rebuilt as files change.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site at http://127.0.0.1:8080/, rebuilt and reloaded as you edit."
    )

    @OptionGroup var siteOptions: SiteOptions

    @OptionGroup var lastBuild: LastBuildOption

    @Option(name: .long, help: "The address to listen on. Anything but 127.0.0.1 or localhost shows the site to your network.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port (0: any free port).")
    var port = 8080

    @Flag(name: .long, help: "Watch files by polling instead of inotify (for network and container file systems).")
    var poll = false

    func run() throws {
        // A folder that is no site at all (neither gen.toml nor content/) is a wrong folder, not
        // a site that does not build yet: nothing to serve or watch.
        let folder = siteOptions.buildOptions.siteDirectory
        let manager = FileManager.default
        if !manager.fileExists(atPath: folder + "/gen.toml"), !manager.fileExists(atPath: folder + "/content") {
            Terminal.printError("gen: error: no site in '\(siteOptions.site)' (no gen.toml or content/ folder)")
            Terminal.printError("note: " + (SiteFolder.siteNearby(siteOptions.site)
                                             ?? "make one with 'gen init', or give the site's folder with --site DIR"))
            throw ExitCode(1)
        }
        let previousOutput = try lastBuild.lastBuild(site: siteOptions.site)
        let server: PreviewServer
        do {
            server = try PreviewServer.start(host: host, port: port)
        } catch {
            Terminal.printError("gen: error: \(error)")
            throw ExitCode(1)
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host) || host.hasPrefix("127.")
        if !loopback {
            Terminal.printError("gen: warning: listening on \(host): anyone who can reach this machine can see the site")
        }
        let shownHost = host.contains(":") ? "[\(host)]" : (host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host)
        var options = siteOptions.buildOptions
        // Served at the root, or under the path of --base-url, as the site will be published
        // there: --base-url https://example.org/review/ at http://127.0.0.1:8080/review/. Its
        // absolute URLs (feed, canonical, 404 page) point at the preview.
        var published = SiteConfig()
        published.baseURL = siteOptions.baseURL ?? ""
        let address = "http://\(shownHost):\(server.port)\(published.basePath)"
        options.baseURL = address
        // Search as gen build has it, indexed in the background (DevServer).
        options.search = true
        // A fact check whose sentence changed is said, not refused: the preview publishes nothing,
        // and a site that does not build could not be looked at while its article is edited.
        options.acceptClaimChanges = .preview
        // Compared with the last gen build (it writes nothing there), so that what its next one
        // would refuse is shown on the pages (`DevServer`) while the article is edited.
        options.previousOutput = previousOutput
        let dev = DevServer(options: options, basePath: published.basePath)
        let start = ContinuousClock.now
        let result = dev.build()
        Terminal.printDiagnostics(result.diagnostics)
        Terminal.printSuggestedOptions(result.diagnostics, options: Terminal.suggestedOptions(site: siteOptions.site, output: lastBuild.output))
        if result.succeeded {
            print("gen: built \(Terminal.contents(of: result)) in \(Terminal.milliseconds(since: start)) ms"
                  + Terminal.leftOut(of: result))
        } else {
            print("gen: the site does not build yet (\(Terminal.plural(result.diagnostics.errorCount, "error"))); "
                  + "pages show the diagnostics until it does")
        }
        server.serve(dev)
        let watcher = FileWatcher(site: options.siteDirectory, forcePolling: poll)
        print("gen: serving \(options.siteDirectory) at \(address) (watching \(watcher.usesPolling ? "by polling" : "with inotify"); Ctrl-C stops)")
        fflush(nil)
        // Warnings already printed are not printed again after each edit: only those an edit
        // brings (a note that moved, an image without alt text).
        var warned = Set(result.diagnostics.items.map(\.rendered))
        // And a failure is printed once: one save may come as two changes (an editor's
        // temporary file, then its rename), each failing the same way.
        var lastFailure: [String]?
        while true {
            let changed = watcher.next()
            let rebuild = dev.rebuild(changed)
            if rebuild.succeeded {
                let now = rebuild.diagnostics.sorted.map(\.rendered)
                for text in now where !warned.contains(text) { Terminal.printError(text) }
                warned = Set(now)
                lastFailure = nil
            } else {
                let failure = rebuild.diagnostics.sorted.map(\.rendered)
                if failure == lastFailure { continue }
                lastFailure = failure
                Terminal.printDiagnostics(rebuild.diagnostics)
            }
            print(rebuild.line)
            fflush(nil)
        }
    }
}
