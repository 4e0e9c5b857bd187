extension Array where Element == UInt8 {
    /// `text`'s UTF-8 bytes appended: a literal written into a page or JSON without making a
    /// String of it.
    @inlinable
    public mutating func append(raw text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
