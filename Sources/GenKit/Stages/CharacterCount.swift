/// Characters counted from a start to offsets that only grow, each counted once: the columns of
/// many diagnostics in one long line (a paragraph of 40,000 citations) in one pass over it.
struct CharacterCount {
    private var start: Int
    private var byte: Int
    private var characters = 0

    init(from start: Int) {
        self.start = start
        byte = start
    }

    /// The characters of `bytes` from the start to `offset`. An offset before the last one, or
    /// a start other than this count's, counts again from `start`.
    mutating func characters(to offset: Int, in bytes: [UInt8], from start: Int? = nil) -> Int {
        if let start, start != self.start { self = CharacterCount(from: start) }
        if offset < byte { self = CharacterCount(from: self.start) }
        characters += String(decoding: bytes[byte..<offset], as: UTF8.self).count
        byte = offset
        return characters
    }
}
