/// Finds every occurrence of many patterns in one pass over a text (Aho and Corasick, 1975).
struct AhoCorasick: Sendable {
    private var next: [[UInt32: Int32]] = [[:]]
    private var fail: [Int32] = [0]
    /// Patterns that end at each state (through failure links too).
    private var output: [[Int32]] = [[]]
    private let lengths: [Int]

    init(_ patterns: [[UInt32]]) {
        lengths = patterns.map(\.count)
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var state: Int32 = 0
            for symbol in pattern {
                if let existing = next[Int(state)][symbol] {
                    state = existing
                } else {
                    next.append([:]); fail.append(0); output.append([])
                    let created = Int32(next.count - 1)
                    next[Int(state)][symbol] = created
                    state = created
                }
            }
            output[Int(state)].append(Int32(index))
        }
        // Breadth-first: each state's failure link is the longest proper suffix that is a prefix.
        var queue: [Int32] = Array(next[0].values).sorted()
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (symbol, child) in next[Int(state)].sorted(by: { $0.key < $1.key }) {
                queue.append(child)
                var f = fail[Int(state)]
                while f != 0 && next[Int(f)][symbol] == nil { f = fail[Int(f)] }
                let target = next[Int(f)][symbol] ?? 0
                fail[Int(child)] = (target == child) ? 0 : target
                output[Int(child)] += output[Int(fail[Int(child)])]
            }
        }
    }

    /// Every (pattern, start) where a pattern occurs in `text`, in order of their ends.
    func matches(in text: [UInt32]) -> [(pattern: Int, start: Int)] {
        var found: [(Int, Int)] = []
        var state: Int32 = 0
        for (position, symbol) in text.enumerated() {
            while state != 0 && next[Int(state)][symbol] == nil { state = fail[Int(state)] }
            state = next[Int(state)][symbol] ?? 0
            for pattern in output[Int(state)] {
                found.append((Int(pattern), position + 1 - lengths[Int(pattern)]))
            }
        }
        return found
    }
}
