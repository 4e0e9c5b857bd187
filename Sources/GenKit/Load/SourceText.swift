import Foundation

/// A content file's bytes checked as UTF-8, with a BOM removed and CRLF line ends made LF.
public enum SourceText {
    /// The text, or the 1-based line and column of the first byte that is not UTF-8.
    public static func decode(_ bytes: [UInt8]) -> Result<String, InvalidUTF8> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard var text = String(validating: body, as: UTF8.self) else {
            return .failure(locateInvalidByte(body))
        }
        if body.contains(13) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n")
        }
        return .success(text)
    }

    /// A C0 control character other than tab, line feed and carriage return: XML 1.0 allows
    /// none of them, and HTML shows none.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 && scalar.value != 0x09 && scalar.value != 0x0A && scalar.value != 0x0D
    }

    /// Where the first control character (`isControl`) of `bytes` is (1-based line and column,
    /// as `locateInvalidByte`), or nil when there is none: sixteen bytes at a time.
    static func firstControlCharacter(in bytes: [UInt8]) -> InvalidUTF8? {
        let found: Int? = bytes.withUnsafeBufferPointer { buffer -> Int? in
            var i = 0
            let space = SIMD16<UInt8>(repeating: 0x20)
            while i + 16 <= buffer.count {
                let v = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self)
                if any(v .< space) {
                    for j in i..<(i + 16) where isControl(Unicode.Scalar(buffer[j])) { return j }
                }
                i += 16
            }
            return (i..<buffer.count).first { isControl(Unicode.Scalar(buffer[$0])) }
        }
        guard let found else { return nil }
        var located = locateInvalidByte(bytes[..<found] + [0xFF])
        located.byte = bytes[found]
        return located
    }

    public struct InvalidUTF8: Error, Equatable {
        public var line: Int, column: Int, byte: UInt8
    }

    static func locateInvalidByte(_ bytes: ArraySlice<UInt8>) -> InvalidUTF8 {
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 10 { line += 1; column = 1 } else { column += 1 }
                offset += encoded.count
            case .error(let length):
                _ = length
                return InvalidUTF8(line: line, column: column, byte: bytes[offset])
            case .emptyInput:
                return InvalidUTF8(line: line, column: column, byte: 0)
            }
        }
    }
}


extension FileSystem {
    /// A site file's bytes (`path` relative to `siteDirectory`); a file that cannot be read, or
    /// that gen will not read (`FileRefusal`), is an error in `diagnostics` and gives nil.
    func readBytes(_ path: String, in siteDirectory: String, diagnostics: inout DiagnosticList) -> [UInt8]? {
        do { return try read(siteDirectory + "/" + path) } catch let error as FileError where error.refusal != nil {
            diagnostics.error(error.refusal!.message, at: SourceLocation(path), notes: [.init(error.refusal!.suggestion)])
            return nil
        } catch {
            diagnostics.error("cannot read file: \(error)", at: SourceLocation(path))
            return nil
        }
    }

    /// A site file (`path` relative to `siteDirectory`) as text; a file that cannot be read or
    /// is not UTF-8 is an error in `diagnostics` and gives nil.
    func readText(_ path: String, in siteDirectory: String, diagnostics: inout DiagnosticList) -> String? {
        guard let bytes = readBytes(path, in: siteDirectory, diagnostics: &diagnostics) else { return nil }
        switch SourceText.decode(bytes) {
        case .success(let text):
            guard let first = SourceText.firstControlCharacter(in: bytes) else { return text }
            // Invisible, and no feed may carry them (XML forbids them): left out, and said.
            let removed = text.unicodeScalars.filter(SourceText.isControl).count
            diagnostics.warning("file holds \(removed == 1 ? "a control character" : "\(removed) control characters") "
                                + "(U+\(String(format: "%04X", first.byte)) here\(removed > 1 ? " first" : "")), left out of every page and feed",
                                at: SourceLocation(path, line: first.line, column: first.column),
                                notes: [.init(removed == 1 ? "remove it from the file: it shows as nothing, and would break a feed"
                                                   : "remove them from the file: they show as nothing, and would break a feed")])
            return String(String.UnicodeScalarView(text.unicodeScalars.filter { !SourceText.isControl($0) }))
        case .failure(let bad):
            diagnostics.error("file is not valid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true)))",
                              at: SourceLocation(path, line: bad.line, column: bad.column),
                              notes: [.init("save the file with UTF-8 encoding")])
            return nil
        }
    }
}
