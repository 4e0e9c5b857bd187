/// The settings of a site, read from gen.toml. Every key has a default.
public struct SiteConfig: Sendable, Hashable {
    public var title = "Annotated articles"
    /// Used only where absolute URLs are required: feed, sitemap, canonical link, JSON-LD.
    /// Empty when unset: those places then fall back to site-relative URLs.
    public var baseURL = ""
    public var language = "en"
    public var description = ""
    public var unsafeHTML = false
    public var entities = EntitySettings()
    public var annotations = AnnotationSettings()
    public var verdicts: [Verdict] = Verdict.defaults
    /// `[pagination] per_page`: how many entries a list page shows before `page/2/`.
    public var perPage = 50
    public var feed = FeedSettings()
    /// `[[menu.main]]`: the header's links, in weight order (pages with `menu: main` join them).
    public var menu: [MenuEntry] = []
    /// `[labels]`: the theme's strings replaced by key (`notes = "Annotations"`).
    public var labelOverrides: [String: String] = [:]
    /// `[output] file_urls`: links end in `index.html`, so the output works opened from disk.
    public var fileURLs = false
    /// `[search]`: the search index (Pagefind) and the theme's search page and box.
    public var search = SearchSettings()

    public init() {}

    /// The theme's words in the site's language, with `[labels]` applied.
    public var labels: ThemeLabels { ThemeLabels(language: language, overrides: labelOverrides) }

    public struct SearchSettings: Sendable, Hashable {
        /// `enabled`: nil (unset) indexes when Pagefind is found; false never; true requires it.
        public var enabled: Bool?
        /// `pagefind`: the Pagefind binary (relative to the site folder), instead of looking for it.
        public var pagefind: String?
        /// Whether this build indexes the site: decided once gen.toml is read and Pagefind is
        /// looked for (`gen build` without `--no-search`, `gen serve`). The theme shows search
        /// only then.
        public var indexed = false
    }

    public struct FeedSettings: Sendable, Hashable {
        /// How many entries every feed carries, newest first.
        public var limit = 50
        /// Each entry's whole article as its content, beside the summary.
        public var fullContent = false
    }

    /// One link of the main menu: to a page of the site (`url` site-relative, no leading slash
    /// needed) or to an absolute address.
    public struct MenuEntry: Sendable, Hashable {
        public var name: String
        public var url: String
        public var weight: Int
        /// Where its `url` is written in gen.toml (nil for a page's `menu: main`).
        public var location: SourceLocation?
    }

    public struct EntitySettings: Sendable, Hashable {
        public enum LinkMode: String, Sendable, CaseIterable { case first, all, none }
        public var link = LinkMode.first
        public var auto = true
    }

    public struct AnnotationSettings: Sendable, Hashable {
        public enum OrphanMode: String, Sendable, CaseIterable { case error, warn }
        public var orphans = OrphanMode.error
    }

    /// One step of the rating scale for fact-check notes.
    public struct Verdict: Sendable, Hashable {
        public var key: String
        public var label: String
        public var rating: Int

        /// Highest rating first, as every list of them shows them (the search page's menu).
        static let defaults = [
            Verdict(key: "true", label: "True", rating: 5),
            Verdict(key: "mostly-true", label: "Mostly true", rating: 4),
            Verdict(key: "misleading", label: "Misleading", rating: 3),
            Verdict(key: "unsupported", label: "Unsupported", rating: 2),
            Verdict(key: "false", label: "False", rating: 1),
        ]
    }

    /// Gives the built-in scale's steps their labels in the site's language (`verdict_true`,
    /// `verdict_mostly_true`, … of `ThemeLabels`, which `[labels]` may replace), where
    /// `[verdicts]` did not relabel them.
    mutating func labelBuiltInVerdicts() {
        let labels = self.labels
        for i in verdicts.indices {
            guard let builtIn = Verdict.defaults.first(where: { $0.key == verdicts[i].key }), verdicts[i].label == builtIn.label else { continue }
            verdicts[i].label = labels["verdict_" + builtIn.key.replacingOccurrences(of: "-", with: "_")]
        }
    }

    /// `base_url` with exactly one trailing slash, or "" when unset.
    public var normalizedBaseURL: String {
        guard !baseURL.isEmpty else { return "" }
        return baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }

    /// The host of `base_url` when it is a name kept for examples (RFC 2606: example.org, .com
    /// and .net, and names under `.example`), as `gen init` writes it: no site is served there.
    public var exampleHost: String? {
        let url = normalizedBaseURL
        guard let scheme = url.range(of: "://") else { return nil }
        var host = url[scheme.upperBound...].prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" }.lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if host.hasSuffix(".") { host.removeLast() }
        let reserved = ["example.org", "example.com", "example.net"]
        return reserved.contains(where: { host == $0 || host.hasSuffix("." + $0) }) || host == "example" || host.hasSuffix(".example")
            ? host : nil
    }

    /// The path part of `base_url` ("/review/" for "https://example.org/review/"), or "/".
    public var basePath: String {
        let url = normalizedBaseURL
        guard let scheme = url.range(of: "://") else { return "/" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }
}
