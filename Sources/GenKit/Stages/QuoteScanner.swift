/// Finds every occurrence of an article's quotes in one pass over its folded text: a rolling
/// key of the last four scalars is compared with each quote's first four, and only a match is
/// checked in full. For the handful of quotes an article has, this is cheaper than a
/// dictionary-based automaton, and it never rescans the text per quote.
struct QuoteScanner {
    private let patterns: [[UInt32]]
    /// (key of the first four scalars, pattern index), sorted by key.
    private let keys: [(key: UInt64, pattern: Int)]
    private let short: [Int]
    /// One bit per 16-bit hash of a key: almost every position fails this test and never
    /// looks at the keys.
    private let filter: [UInt64]

    init(_ patterns: [[UInt32]]) {
        self.patterns = patterns
        var keys: [(UInt64, Int)] = []
        var short: [Int] = []
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            if pattern.count < 4 { short.append(index); continue }
            keys.append((Self.key(pattern[0..<4]), index))
        }
        self.keys = keys.sorted { $0.0 < $1.0 }
        self.short = short
        var bits = [UInt64](repeating: 0, count: 1024)
        for (key, _) in keys {
            let hash = Self.hash(key)
            bits[hash >> 6] |= 1 << UInt64(hash & 63)
        }
        self.filter = bits
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 48) }

    private static func key(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        scalars.reduce(0) { ($0 << 16) | UInt64($1 & 0xFFFF) }
    }

    /// Every (pattern, start) where a pattern occurs, by start.
    func matches(in text: [UInt32]) -> [(pattern: Int, start: Int)] {
        var found: [(Int, Int)] = []
        if !keys.isEmpty {
            var rolling: UInt64 = 0
            filter.withUnsafeBufferPointer { filter in
                text.withUnsafeBufferPointer { text in
                    for i in 0..<text.count {
                        rolling = (rolling << 16) | UInt64(text[i] & 0xFFFF)
                        let hash = Self.hash(rolling)
                        guard filter[hash >> 6] & (1 << UInt64(hash & 63)) != 0, i >= 3 else { continue }
                        let start = i - 3
                        // The quotes with this key: found by halving the sorted keys, not by a
                        // look at each (an article with thousands of quotes stays linear).
                        var low = 0, high = keys.count
                        while low < high {
                            let middle = (low + high) / 2
                            if keys[middle].key < rolling { low = middle + 1 } else { high = middle }
                        }
                        while low < keys.count, keys[low].key == rolling {
                            let pattern = keys[low].pattern
                            if Self.occurs(patterns[pattern], in: text, at: start) { found.append((pattern, start)) }
                            low += 1
                        }
                    }
                }
            }
        }
        for pattern in short {
            let p = patterns[pattern]
            for start in 0...(max(0, text.count - p.count)) where text.count >= p.count && Self.occurs(p, in: text, at: start) {
                found.append((pattern, start))
            }
        }
        return found
    }

    private static func occurs(_ pattern: [UInt32], in text: UnsafeBufferPointer<UInt32>, at start: Int) -> Bool {
        guard start + pattern.count <= text.count else { return false }
        for k in pattern.indices where text[start + k] != pattern[k] { return false }
        return true
    }

    private static func occurs(_ pattern: [UInt32], in text: [UInt32], at start: Int) -> Bool {
        guard start + pattern.count <= text.count else { return false }
        for k in pattern.indices where text[start + k] != pattern[k] { return false }
        return true
    }
}
