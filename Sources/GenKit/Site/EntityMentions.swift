/// The mentions of entities on one article page: in the article's text (counted, in order of
/// first mention, with the sentence around it) and in its notes (by note id).
public struct EntityMentions: Sendable {
    /// Entities mentioned anywhere on the page so far: the first mention gets the id. A page
    /// mentions a few dozen entities at most: lists searched in order beat hashing here.
    var seen: [Int] = []
    /// Entities of the article's text in order of first mention.
    public var order: [Int] = []
    /// For each of `order`: how many times the article's own text mentions it, and the sentence
    /// around its first mention as UTF-8 (entity pages write it escaped, no String made of it).
    public var counts: [Int] = []
    public var sentences: [[UInt8]] = []
    /// Entity index -> ids of the notes that mention it.
    public var notes: [Int: [String]] = [:]
    var diagnostics = DiagnosticList()

    /// How many times the article's text mentions `entity`, nil for none.
    public func count(of entity: Int) -> Int? { order.firstIndex(of: entity).map { counts[$0] } }

    /// The sentence around the article's first mention of `entity`.
    public func sentence(of entity: Int) -> [UInt8]? { order.firstIndex(of: entity).map { sentences[$0] } }

    /// Records a mention in the article (`note` nil) or in a note; true for the page's first.
    mutating func add(_ entity: Int, note: String?, sentence: @autoclosure () -> [UInt8]) -> Bool {
        let first = !seen.contains(entity)
        if first { seen.append(entity) }
        if let note {
            if notes[entity]?.last != note { notes[entity, default: []].append(note) }
        } else if let known = order.firstIndex(of: entity) {
            counts[known] += 1
        } else {
            order.append(entity)
            counts.append(1)
            sentences.append(sentence())
        }
        return first
    }
}
