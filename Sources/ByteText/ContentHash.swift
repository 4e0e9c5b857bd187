/// A 64-bit hash of a file's bytes, sixteen bytes per step (the mixing of wyhash: a 128-bit
/// product folded to 64 bits). Not cryptographic: it tells gen's own files apart, and a page's
/// identity (inode and times) must match as well before the hash is trusted.
public enum ContentHash {
    private static let secret0: UInt64 = 0xA076_1D64_78BD_642F
    private static let secret1: UInt64 = 0xE703_7ED1_A0B4_28DB
    private static let secret2: UInt64 = 0x8EBC_6AF0_9C88_C6E3

    @inline(__always)
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    public static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    public static func of(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let count = raw.count
        var state = secret2 ^ UInt64(count)
        var i = 0
        while i + 16 <= count {
            let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            state = mix(a ^ secret1, b ^ state)
            i += 16
        }
        // The last 0–15 bytes, zero-padded (the length, mixed in first and last, tells
        // padding from zeros).
        var a: UInt64 = 0, b: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            let byte = UInt64(raw[i])
            if shift < 64 { a |= byte << shift } else { b |= byte << (shift - 64) }
            shift += 8
            i += 1
        }
        state = mix(a ^ secret1, b ^ state)
        return mix(state ^ secret0, UInt64(count) ^ secret1)
    }
}
