/// cmark-gfm's columns count bytes from the start of the line; diagnostics count characters
/// (Unicode scalars: `£` is one column, as in editors). Converts the one to the other for the
/// nodes of one document, visited in document order: each line is read once, from where the
/// last conversion on it stopped.
struct SourceColumns {
    /// The text's bytes and where each line starts; empty when the text is all ASCII (bytes
    /// are characters then).
    private let bytes: [UInt8]
    private let lineStarts: [Int]
    private var cursor = (line: 0, byte: 1, column: 1)

    /// `lines`: the text's, or nil when it is all ASCII.
    init(_ lines: SourceLines?) {
        bytes = lines?.bytes ?? []
        lineStarts = lines?.starts ?? []
    }

    /// The character column of byte column `byte` (from 1) of line `line` (from 1).
    mutating func column(line: Int, byte: Int) -> Int {
        guard !lineStarts.isEmpty, line >= 1, line <= lineStarts.count, byte > 1 else { return byte }
        if cursor.line != line || cursor.byte > byte { cursor = (line, 1, 1) }
        let start = lineStarts[line - 1]
        var at = cursor.byte, column = cursor.column
        while at < byte, start + at - 1 < bytes.count {
            // A byte that does not continue a character starts one.
            if bytes[start + at - 1] & 0xC0 != 0x80 { column += 1 }
            at += 1
        }
        cursor = (line, at, column)
        return column
    }
}

/// A document's source as bytes, and where each of its lines starts: made once, for what reads
/// its nodes beside their source (`SourceColumns`, `SourceEscapes`), and only when one needs it.
struct SourceLines {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
        self.starts = starts
    }
}
