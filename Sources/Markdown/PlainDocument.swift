/// A document of plain paragraphs, Markdown without any syntax, that gives the same text runs
/// and the same HTML as `MarkdownDocument` without going through cmark-gfm: most articles
/// copied from elsewhere are plain text, and parsing them, splitting their nodes and rendering
/// them was a large share of a build. The caller decides that a text is plain (GenKit's
/// `PlainBody.paragraphs`, which refuses every character that could start Markdown syntax);
/// tests compare both documents' output byte for byte.
public final class PlainDocument {
    /// Paragraphs as lines: their text and 1-based line.
    let paragraphs: [[(text: String, number: Int)]]
    private var spans: [Int: [TextSpan]] = [:]
    private var blocks: [Int: [[UInt8]]] = [:]

    public init(paragraphs: [[(text: String, number: Int)]]) {
        self.paragraphs = paragraphs
    }

    /// As `MarkdownDocument.textRuns()`: a run per line, a line break between lines, a block
    /// break (numbered as the block it comes before) between paragraphs.
    public func textRuns() -> [TextRun] {
        var runs: [TextRun] = []
        for (block, lines) in paragraphs.enumerated() {
            if block > 0 { runs.append(TextRun(kind: .blockBreak, text: " ", line: 0, column: 0, block: block)) }
            for (n, line) in lines.enumerated() {
                // cmark-gfm gives a soft break no place in the source: neither does this.
                if n > 0 { runs.append(TextRun(kind: .lineBreak, text: " ", line: 0, column: 0, block: block)) }
                runs.append(TextRun(kind: .text, text: line.text, line: line.number, column: 1, block: block))
            }
        }
        return runs
    }

    /// Keeps the spans for `renderHTML`; `runs` must come from `textRuns()`.
    public func apply(_ spans: [TextSpan], to runs: [TextRun]) {
        for span in spans where runs[span.run].kind == .text || runs[span.run].kind == .lineBreak {
            self.spans[span.run, default: []].append(span)
        }
    }

    /// Inserts `html` as a block of its own before paragraph number `block`.
    public func insertBlock(_ html: [UInt8], before block: Int) {
        guard block < paragraphs.count else { return }
        blocks[block, default: []].append(html)
    }

    /// The HTML cmark-gfm writes for the same paragraphs, spans and blocks.
    public func renderHTML() -> String { String(decoding: renderHTMLBytes(), as: UTF8.self) }

    /// `renderHTML()` as UTF-8 bytes.
    public func renderHTMLBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(paragraphs.reduce(0) { $0 + $1.reduce(0) { $0 + $1.text.utf8.count + 1 } } * 2 + 64)
        var run = 0
        for (block, lines) in paragraphs.enumerated() {
            if block > 0 { run += 1 }  // the block break
            for html in blocks[block] ?? [] {
                // A custom block: on a line of its own.
                if let last = out.last, last != 0x0A { out.append(0x0A) }
                out += html
                if let last = out.last, last != 0x0A { out.append(0x0A) }
            }
            out += "<p>".utf8
            for (n, line) in lines.enumerated() {
                if n > 0 {
                    if let breakSpans = spans[run] {
                        MarkdownDocument.appendHTML([0x0A], spans: breakSpans.sorted(), to: &out)
                    } else {
                        out.append(0x0A)
                    }
                    run += 1  // the line break
                }
                if let runSpans = spans[run] {
                    MarkdownDocument.appendHTML(Array(line.text.utf8), spans: runSpans.sorted(), to: &out)
                } else {
                    var text = line.text
                    text.withUTF8 { MarkdownDocument.appendEscapedText($0, to: &out) }
                }
                run += 1
            }
            out += "</p>\n".utf8
        }
        return out
    }

    /// The first paragraph's text, lines joined by spaces (as `MarkdownNode.plainText`).
    public var firstParagraphText: String? {
        paragraphs.first.map { $0.map(\.text).joined(separator: " ") }
    }
}
