import Synchronization

/// A value made the first time it is asked for, from any thread, and kept: what only some
/// pages of a render run need (the feeds' entries, the JSON-LD fragments) is not made for a
/// run that renders none of them (gen serve's updates).
final class MadeOnce<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var get: Value {
        value.withLock { stored in
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}
