/// Who mentions each entity, gathered once after the articles are rendered: which articles and
/// notes mention it, with counts and the sentence of the first mention, and which entities are
/// mentioned together. Data only (the `LinkEntities` stage makes it; entity pages show it).
public struct EntityBacklinks: Sendable {
    public struct Links: Sendable {
        /// Articles mentioning it in their text, in site order (newest first): index into the
        /// rendered articles, mentions, and the sentence around the first.
        public var articles: [(article: Int, count: Int, sentence: [UInt8])] = []
        /// Notes mentioning it: article index and note id.
        public var notes: [(article: Int, note: String)] = []
        /// The entities most often mentioned in the same articles, strongest first.
        public var coMentions: [(entity: Int, count: Int)] = []
    }

    public let index: EntityIndex
    /// One per entity of `index`, in its order.
    public var links: [Links]

    public static let empty = EntityBacklinks(index: EntityIndex([]), links: [])
}
