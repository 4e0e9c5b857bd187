import Foundation
import ArgumentParser
import GenKit

/// The site folder: `--site`, for every command that reads or writes a site.
struct SiteFolderOption: ParsableArguments {
    @Option(name: .long, help: "The site folder (holding gen.toml and content/).")
    var site: String = "."
}

/// The site folder and the address it is served at: the options of every command that reads a
/// site (`SiteOptions`), and all that `gen annotations import` takes of them.
struct SiteLocationOptions: ParsableArguments {
    @OptionGroup var folder: SiteFolderOption

    @Option(name: .long, help: "Override base_url from gen.toml.")
    var baseURL: String?

    var site: String { folder.site }
}

/// Options shared by the commands that build a site.
struct SiteOptions: ParsableArguments {
    @OptionGroup var location: SiteLocationOptions

    @Flag(name: .long, help: "Build articles marked draft: true.")
    var drafts = false

    @Flag(name: .long, help: "Build articles dated in the future.")
    var future = false

    @Option(name: .long, help: "Threads to use (default: every core). The output is the same for any value.")
    var jobs: Int?

    var site: String { location.site }
    var baseURL: String? { location.baseURL }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    var buildOptions: BuildOptions {
        BuildOptions(siteDirectory: site, baseURL: baseURL, drafts: drafts, future: future, jobs: jobs)
    }
}

extension ClaimAcceptance {
    /// From `--accept-claim-changes` (`all`) and each `--accept-claim-change` (`notes`): one or
    /// the other, since the first accepts every note the second would name.
    static func fromCommandLine(all: Bool, notes: [String]) throws -> ClaimAcceptance {
        if all && !notes.isEmpty {
            throw ValidationError("give --accept-claim-changes (every changed fact check) or --accept-claim-change SLUG#ID "
                                  + "(each one named), not both")
        }
        return ClaimAcceptance(all: all, notes: notes)
    }
}

/// The output folder `gen build` writes to by default: public/ inside the site.
func defaultOutput(site: String) -> String { site == "." ? "public" : site + "/public" }

/// The folders beside the site's own that hold a build of it (`gen build --output dist` makes
/// `.dist.gen-manifest` in the site folder), by name, sorted; the default output left out.
func otherBuilds(site: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []
    return names.compactMap { name -> String? in
        guard name.hasPrefix("."), name.hasSuffix(".gen-manifest"), name != ".public.gen-manifest" else { return nil }
        let folder = String(name.dropFirst().dropLast(".gen-manifest".count))
        return !folder.isEmpty && OutputWriter.holdsBuild((site == "." ? "" : site + "/") + folder) ? folder : nil
    }.sorted()
}

/// `--output` of the commands that compare the notes with the last build without writing one
/// (`gen check`, `gen serve`, `gen annotations pin`): where `gen build` writes the site.
struct LastBuildOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The folder gen build writes the site to (default: public/ inside the site); the notes are compared with the last build there.",
        valueName: "folder"))
    var output: String?

    /// The folder of the last build, or nil when there is none yet (a new site, a fresh clone).
    /// A folder named that holds no build is an error: comparing with nothing would let a
    /// changed claim through unsaid (or, for a pin, sign it off).
    func lastBuild(site: String) throws -> String? {
        let folder = output ?? defaultOutput(site: site)
        // Deleted, with the record of the verdicts it held back kept beside it: that record is
        // compared with all the same (`VerdictBaselines`).
        if OutputWriter.holdsLastBuild(folder) {
            return folder
        }
        guard output != nil else { return nil }
        Terminal.printError("gen: error: no build of the site in \(folder) to compare its notes with")
        Terminal.printError("note: name the folder gen build writes to, or build the site there first")
        throw ExitCode(1)
    }
}
