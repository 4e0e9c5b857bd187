/// A value kept in one shared box and copied on write: a struct with a dozen references
/// (`Article`, `RenderedArticle`, `Note`) that is copied into every list, context and result of a
/// build is then one reference to copy. A change copies the box first when another value shares
/// it, so the struct is still a value.
struct CopyOnWrite<Value>: @unchecked Sendable {
    private final class Box {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    init(_ value: Value) { box = Box(value) }

    var value: Value {
        _read { yield box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }
}
