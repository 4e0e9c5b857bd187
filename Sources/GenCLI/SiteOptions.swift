import ArgumentParser
import GenKit

/// Options shared by the commands that read a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The site folder (holding gen.toml and content/).")
    var site: String = "."

    @Option(name: .long, help: "Override base_url from gen.toml.")
    var baseURL: String?

    @Flag(name: .long, help: "Build articles marked draft: true.")
    var drafts = false

    @Flag(name: .long, help: "Build articles dated in the future.")
    var future = false

    @Option(name: .long, help: "Threads to use (default: every core). The output is the same for any value.")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    var buildOptions: BuildOptions {
        BuildOptions(siteDirectory: site, baseURL: baseURL, drafts: drafts, future: future, jobs: jobs)
    }
}
