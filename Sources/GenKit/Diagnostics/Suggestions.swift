/// "Did you mean ...?" candidates: the closest strings by edit distance.
public enum Suggestions {
    /// Up to `limit` candidates within a distance that scales with the word's length.
    public static func closest(to word: String, in candidates: [String], limit: Int = 3, maxDistance: Int? = nil) -> [String] {
        let target = Array(word.lowercased().unicodeScalars)
        let maxDistance = maxDistance ?? max(2, target.count / 3)
        var scored: [(Int, String)] = []
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars), swaps: true)
            if distance <= maxDistance { scored.append((distance, candidate)) }
        }
        return scored.sorted { $0 < $1 }.prefix(limit).map(\.1)
    }

    /// The name of the file among `files` (paths) in the same folder as `path` that it most
    /// likely meant: the same name but for the extension (`photo.png` for `photo.jpg`), one
    /// that begins with its name (`harbour-votes.md` for `harbour-vote.md`), or the closest in
    /// spelling.
    static func closeFile(to path: String, among files: some Sequence<String>) -> String? {
        func split(_ path: String) -> (folder: Substring, name: Substring) {
            guard let slash = path.lastIndex(of: "/") else { return ("", Substring(path)) }
            return (path[..<slash], path[path.index(after: slash)...])
        }
        let (folder, name) = split(path)
        func stem(_ name: Substring) -> Substring { name.split(separator: ".").first ?? name }
        let names = files.compactMap { file -> String? in
            let (other, otherName) = split(file)
            return other == folder ? String(otherName) : nil
        }.sorted()
        let own = stem(name)
        return names.first { stem(Substring($0)) == own } ?? names.first { $0.hasPrefix(own) }
            ?? closest(to: String(name), in: names, limit: 1).first
    }

    /// Levenshtein distance (names as Unicode scalars, quotes as folded scalar values). With
    /// `swaps`, a swap of two neighbours is one edit (optimal string alignment): `nmae` is one
    /// typo from `name`, and closer to it than to `image`.
    public static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element], swaps: Bool = false) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = swaps ? [Int](repeating: 0, count: b.count + 1) : []
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if swaps, i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            if swaps { (beforePrevious, previous, current) = (previous, current, beforePrevious) } else { swap(&previous, &current) }
        }
        return previous[b.count]
    }
}
