/// The entity stage of the index: for every entity, the articles and notes that mention it and
/// the entities mentioned with it, from the rendered articles' mentions.
enum LinkEntities {
    /// How many co-mentions an entity keeps.
    static let coMentionLimit = 10

    static func run(_ index: EntityIndex, articles: [RenderedArticle]) -> EntityBacklinks {
        let count = index.entities.count
        var result = EntityBacklinks(index: index, links: Array(repeating: .init(), count: count))
        guard count > 0 else { return result }
        // Mentions, and pairs of entities in the same article: a matrix while it is small.
        let dense = count <= 4000
        var matrix = dense ? [Int32](repeating: 0, count: count * count) : []
        var sparse: [Int: [Int: Int]] = [:]
        for a in articles.indices {
            let mentions = articles[a].mentions
            for (n, entity) in mentions.order.enumerated() {
                result.links[entity].articles.append((a, mentions.counts[n], mentions.sentences[n]))
            }
            for entity in mentions.notes.keys.sorted() {
                for note in mentions.notes[entity]! { result.links[entity].notes.append((a, note)) }
            }
            let present = mentions.order
            for x in present.indices {
                for y in present.indices where y != x {
                    if dense { matrix[present[x] * count + present[y]] += 1 } else { sparse[present[x], default: [:]][present[y], default: 0] += 1 }
                }
            }
        }
        for entity in 0..<count {
            var pairs: [(entity: Int, count: Int)] = []
            if dense {
                for other in 0..<count where matrix[entity * count + other] > 0 {
                    pairs.append((other, Int(matrix[entity * count + other])))
                }
            } else {
                pairs = (sparse[entity] ?? [:]).map { ($0.key, $0.value) }
            }
            pairs.sort { $0.count != $1.count ? $0.count > $1.count : index.entities[$0.entity].name < index.entities[$1.entity].name }
            result.links[entity].coMentions = Array(pairs.prefix(coMentionLimit))
        }
        return result
    }

    /// An article's line on the pages of the entities it mentions, and its notes there, after
    /// an edit that kept the same entities (so the co-mentions stay as they were).
    static func replace(article: Int, old: EntityMentions, new: EntityMentions, in backlinks: inout EntityBacklinks) {
        for entity in Set(old.order).union(new.order) {
            backlinks.links[entity].articles.removeAll { $0.article == article }
            if let count = new.count(of: entity) {
                let line = (article, count, new.sentence(of: entity) ?? [])
                let at = backlinks.links[entity].articles.firstIndex { $0.article > article } ?? backlinks.links[entity].articles.count
                backlinks.links[entity].articles.insert(line, at: at)
            }
        }
        for entity in Set(old.notes.keys).union(new.notes.keys) {
            backlinks.links[entity].notes.removeAll { $0.article == article }
            let notes = (new.notes[entity] ?? []).map { (article, $0) }
            let at = backlinks.links[entity].notes.firstIndex { $0.article > article } ?? backlinks.links[entity].notes.count
            backlinks.links[entity].notes.insert(contentsOf: notes, at: at)
        }
    }
}
