/// The cross-page indexes of a site: which articles carry which tag, in list order. Data only:
/// the render stage makes what templates show of it (`TagContexts`).
public struct SiteIndex: Sendable {
    public struct Tag: Sendable {
        public var name: String
        public var slug: String
        /// Every spelling articles use for it ("US Election", "us-election"), most used first.
        public var spellings: [String]
        /// Positions in the sorted article list.
        public var articleIndices: [Int]
    }

    public var tags: [Tag]
    /// Spelling -> position in `tags`.
    public var tagBySpelling: [String: Int]

    public init(tags: [Tag] = []) {
        self.tags = tags
        var bySpelling: [String: Int] = [:]
        for (n, tag) in tags.enumerated() { for spelling in tag.spellings { bySpelling[spelling] = n } }
        self.tagBySpelling = bySpelling
    }

    /// The tags of an article as shown on its page: in its own order, each page once.
    public func tags(of article: Article) -> [Int] {
        var seen: [Int] = []
        for name in article.tags { if let n = tagBySpelling[name], !seen.contains(n) { seen.append(n) } }
        return seen
    }
}
