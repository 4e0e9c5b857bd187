/// Finds mentions of entity names and aliases in text: one trie over every name, walked only
/// from word starts, so the cost grows with the text and not with the number of entities.
/// Case-sensitive, whole words with Unicode-aware boundaries, possessives allowed ("Labour’s",
/// "Labour's", "Jones’"), and the longest name wins ("Labour Party" before "Labour").
public struct MentionAutomaton: Sendable {
    public struct Match: Sendable, Equatable {
        /// Index into the names given to `init`.
        public var name: Int
        /// UTF-8 offsets of the name itself (without a possessive ending).
        public var start: Int
        public var end: Int
    }

    /// Children of each node as (byte, node) pairs sorted by byte; the root is a dense table.
    private var edges: [[(UInt8, Int32)]] = [[]]
    private var rootTable = [Int32](repeating: -1, count: 256)
    /// For each node, the name that ends there (-1: none).
    private var accept: [Int32] = [-1]

    /// No names at all: nothing can match.
    public private(set) var isEmpty = true
    /// The trie flattened for matching: node n's children are `edgeBytes[edgeStart[n]..<edgeStart[n + 1]]`
    /// (sorted) and their nodes `edgeTargets[...]`.
    private var edgeStart: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    /// Nodes with many children (the first letters of names branch widely) also have a row of
    /// 256 children by byte in `denseRows` (-1: none), so that a step there is one load
    /// instead of a search; the others are searched, a few bytes each.
    private var denseRow: [Int32] = []
    private var denseRows: [Int32] = []
    static let denseFrom = 4

    public init(_ names: [String]) {
        for (index, name) in names.enumerated() where !name.isEmpty {
            isEmpty = false
            var node: Int32 = 0
            for byte in name.utf8 {
                node = child(of: node, byte) ?? addChild(to: node, byte)
            }
            if accept[Int(node)] < 0 { accept[Int(node)] = Int32(index) }
        }
        for list in edges {
            edgeStart.append(Int32(edgeBytes.count))
            for (byte, target) in list {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
            if list.count >= Self.denseFrom {
                denseRow.append(Int32(denseRows.count / 256))
                var row = [Int32](repeating: -1, count: 256)
                for (byte, target) in list { row[Int(byte)] = target }
                denseRows += row
            } else {
                denseRow.append(-1)
            }
        }
        edgeStart.append(Int32(edgeBytes.count))
        edges = []
    }

    private func child(of node: Int32, _ byte: UInt8) -> Int32? {
        if node == 0 { let next = rootTable[Int(byte)]; return next >= 0 ? next : nil }
        let list = edges[Int(node)]
        var low = 0, high = list.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if list[mid].0 == byte { return list[mid].1 }
            if list[mid].0 < byte { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    private mutating func addChild(to node: Int32, _ byte: UInt8) -> Int32 {
        let created = Int32(accept.count)
        edges.append([])
        accept.append(-1)
        if node == 0 {
            rootTable[Int(byte)] = created
        } else {
            var list = edges[Int(node)]
            let position = list.firstIndex { $0.0 > byte } ?? list.count
            list.insert((byte, created), at: position)
            edges[Int(node)] = list
        }
        return created
    }

    /// Every mention in `text`, left to right, not overlapping.
    public func matches(in text: [UInt8]) -> [Match] {
        text.withUnsafeBufferPointer { matches(in: $0) }
    }

    func matches(in text: UnsafeBufferPointer<UInt8>) -> [Match] {
        var found: [Match] = []
        let n = text.count
        rootTable.withUnsafeBufferPointer { root in
        edgeStart.withUnsafeBufferPointer { starts in
        edgeBytes.withUnsafeBufferPointer { bytes in
        edgeTargets.withUnsafeBufferPointer { targets in
        accept.withUnsafeBufferPointer { accept in
        denseRow.withUnsafeBufferPointer { denseRow in
        denseRows.withUnsafeBufferPointer { denseRows in
            /// The child of `node` (not the root) by `byte`, or -1.
            func step(_ node: Int32, _ byte: UInt8) -> Int32 {
                let row = denseRow[Int(node)]
                if row >= 0 { return denseRows[Int(row) << 8 | Int(byte)] }
                var edge = Int(starts[Int(node)])
                let end = Int(starts[Int(node) + 1])
                while edge < end {
                    if bytes[edge] == byte { return targets[edge] }
                    edge += 1
                }
                return -1
            }
            var i = 0
            while i < n {
                // Only at a word start: the byte starts a scalar and no letter or digit precedes it.
                let first = root[Int(text[i])]
                guard first >= 0, text[i] & 0xC0 != 0x80, !Self.wordCharacterEnds(before: i, in: text) else {
                    i += 1
                    continue
                }
                var node = first
                var j = i + 1
                var best: Match?
                while true {
                    if accept[Int(node)] >= 0, Self.endsWord(at: j, in: text) {
                        best = Match(name: Int(accept[Int(node)]), start: i, end: j)
                    }
                    guard j < n else { break }
                    let next = step(node, text[j])
                    if next < 0 { break }
                    node = next
                    j += 1
                }
                if let best {
                    found.append(best)
                    i = best.end
                } else {
                    i += 1
                }
            }
        }
        }
        }
        }
        }
        }
        }
        return found
    }

    /// Whether a name ending at `end` ends a word there: the text ends, or a character that is
    /// not a letter or digit follows, or a possessive does ('s, ’s, or a bare ’ or ' after s).
    static func endsWord(at end: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard end < text.count else { return true }
        var apostrophe = 0
        if text[end] == 0x27 { apostrophe = 1 }
        if end + 2 < text.count, text[end] == 0xE2, text[end + 1] == 0x80, text[end + 2] == 0x99 { apostrophe = 3 }
        if apostrophe > 0 {
            let after = end + apostrophe
            if after < text.count, text[after] == UInt8(ascii: "s") {
                return !isWordCharacter(at: after + 1, in: text)
            }
            return end > 0 && text[end - 1] == UInt8(ascii: "s") && !isWordCharacter(at: after, in: text)
        }
        return !isWordCharacter(at: end, in: text)
    }

    /// Whether the scalar starting at `offset` is a letter, a mark or a digit.
    static func isWordCharacter(at offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset < text.count else { return false }
        let lead = text[offset]
        if lead < 0x80 {
            return (lead >= 0x30 && lead <= 0x39) || (lead >= 0x41 && lead <= 0x5A) || (lead >= 0x61 && lead <= 0x7A)
        }
        guard let scalar = decode(at: offset, in: text) else { return false }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    /// Whether the scalar ending just before `offset` is a letter, a mark or a digit.
    static func wordCharacterEnds(before offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset > 0 else { return false }
        var start = offset - 1
        while start > 0 && text[start] & 0xC0 == 0x80 { start -= 1 }
        return isWordCharacter(at: start, in: text)
    }

    static func decode(at offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        let lead = text[offset]
        let width = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard offset + width <= text.count else { return nil }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for k in 1..<width { value = value << 6 | UInt32(text[offset + k] & 0x3F) }
        return Unicode.Scalar(value)
    }
}
