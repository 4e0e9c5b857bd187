/// Who mentions each entity, gathered once after the articles are rendered: which articles and
/// notes mention it, with counts and the sentence of the first mention, and which entities are
/// mentioned together. Data only (the `LinkEntities` stage makes it; entity pages show it).
public struct EntityBacklinks: Sendable {
    public struct Links: Sendable {
        /// Documents mentioning it in their text, in site order (articles newest first, then
        /// standalone pages): index into the rendered documents, mentions, and the sentence
        /// around the first.
        public var articles: [(article: Int, count: Int, sentence: [UInt8])] = []
        /// Notes mentioning it: article index and note id.
        public var notes: [(article: Int, note: String)] = []
        /// The entities most often mentioned in the same articles, strongest first.
        public var coMentions: [(entity: Int, count: Int)] = []

        /// How many of `articles` are articles: the first ones, since documents below
        /// `articleCount` (`SiteContent.articleRange`) are the articles and the pages follow.
        public func articleLines(articleCount: Int) -> Int {
            articles.firstIndex { $0.article >= articleCount } ?? articles.count
        }
    }

    public let index: EntityIndex
    /// One per entity of `index`, in its order.
    public var links: [Links]

    public static let empty = EntityBacklinks(index: EntityIndex([]), links: [])
}
