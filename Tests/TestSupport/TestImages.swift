import Foundation

/// Small real pictures made in code, for tests of what carries screenshots (report.html,
/// bundles): a PNG any browser or image viewer opens, never a file kept in the tree.
public enum TestImages {
    /// A one-row RGB PNG with the given pixels (signature, IHDR, one IDAT holding a stored
    /// deflate block, IEND, each chunk with its CRC-32), as PNG (ISO/IEC 15948) spells it.
    public static func png(pixels: [(red: UInt8, green: UInt8, blue: UInt8)] = [(0x1a, 0x7f, 0x37), (0xcf, 0x22, 0x2e)]) -> Data {
        let raw: [UInt8] = [0] + pixels.flatMap { [$0.red, $0.green, $0.blue] } // filter type 0, then the row
        var adlerA: UInt32 = 1, adlerB: UInt32 = 0
        for byte in raw { adlerA = (adlerA + UInt32(byte)) % 65521; adlerB = (adlerB + adlerA) % 65521 }
        let length = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            + raw + bigEndian(adlerB << 16 | adlerA)
        let header = bigEndian(UInt32(pixels.count)) + bigEndian(1) + [8, 2, 0, 0, 0] // 8-bit RGB, no interlace
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", []))
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in typed {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return bigEndian(UInt32(body.count)) + typed + bigEndian(~crc)
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
}
