internal import CXMLSec
import Foundation
import Vocabulary

/// Raw DEFLATE (RFC 1951: no zlib header, no checksum), the encoding of the HTTP-Redirect
/// binding (SAML Bindings 3.4.4.1), through zlib with windowBits -15.
enum RawDeflate {
    /// Default cap on inflated output: a SAML message is a few kilobytes, and DEFLATE can
    /// expand about 1000:1, so without a cap a 1 KB query could demand a gigabyte.
    static let defaultMaxOutputBytes = 1 << 20

    static func compress(_ data: Data) throws(HarnessError) -> Data {
        let stream = ZStream()
        guard CXMLSec_deflateInitRaw(stream.pointer, Z_DEFAULT_COMPRESSION) == Z_OK else {
            throw HarnessError(.cryptoFailure, "zlib deflateInit2 failed")
        }
        defer { deflateEnd(stream.pointer) }
        var input = [UInt8](data)
        // deflateBound is the worst case for one Z_FINISH call, so one call always suffices.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream.pointer, uLong(input.count))) + 16)
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointer.pointee.next_in = inBuffer.baseAddress
                stream.pointer.pointee.avail_in = uInt(inBuffer.count)
                stream.pointer.pointee.next_out = outBuffer.baseAddress
                stream.pointer.pointee.avail_out = uInt(outBuffer.count)
                return deflate(stream.pointer, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            throw HarnessError(.cryptoFailure, "zlib deflate failed with status \(status)")
        }
        return Data(output.prefix(Int(stream.pointer.pointee.total_out)))
    }

    /// Inflates `data`, refusing output beyond `maxOutputBytes` (`bindingTooLarge`), and a
    /// truncated, corrupt or trailing-garbage stream (`bindingBadDeflate`).
    static func decompress(_ data: Data, maxOutputBytes: Int = defaultMaxOutputBytes) throws(HarnessError) -> Data {
        guard !data.isEmpty else {
            throw HarnessError(.bindingBadDeflate, "the DEFLATE data is empty")
        }
        let owner = ZStream()
        let stream = owner.pointer
        guard CXMLSec_inflateInitRaw(stream) == Z_OK else {
            throw HarnessError(.cryptoFailure, "zlib inflateInit2 failed")
        }
        // Through `owner`, so the allocation outlives every use of `stream` (ARC may end
        // an object's life after its last use, which would otherwise be the line above).
        defer { inflateEnd(owner.pointer) }

        var input = [UInt8](data)
        var result = Data()
        let chunkSize = 16 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var failure: HarnessError?

        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.pointee.next_in = inBuffer.baseAddress
            stream.pointee.avail_in = uInt(inBuffer.count)
            while failure == nil {
                let status = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = uInt(chunkSize)
                    return inflate(stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.pointee.avail_out)
                result.append(contentsOf: chunk[0..<produced])
                if result.count > maxOutputBytes {
                    failure = HarnessError(.bindingTooLarge,
                        "the DEFLATE data (\(data.count) bytes) inflates to more than \(maxOutputBytes) bytes; refused as a deflate bomb (a SAML message is a few kilobytes)")
                    break
                }
                switch status {
                case Z_STREAM_END:
                    if stream.pointee.avail_in != 0 {
                        failure = HarnessError(.bindingBadDeflate,
                            "\(stream.pointee.avail_in) bytes follow the end of the DEFLATE stream; the data is corrupt or two messages were concatenated")
                    }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                    failure = HarnessError(.bindingBadDeflate,
                        "the DEFLATE data ends before its final block (truncated after \(data.count) bytes, \(result.count) bytes inflated); the URL was probably cut short")
                case Z_DATA_ERROR:
                    let detail = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
                    failure = HarnessError(.bindingBadDeflate,
                        "the data is not raw DEFLATE (zlib: \(detail))\(Self.zlibHeaderHint(data))")
                case Z_MEM_ERROR:
                    failure = HarnessError(.cryptoFailure, "zlib ran out of memory while inflating")
                default:
                    failure = HarnessError(.bindingBadDeflate, "zlib inflate failed with status \(status)")
                }
            }
        }
        if let failure { throw failure }
        return result
    }

    /// A frequent interop bug is sending zlib-wrapped data (RFC 1950, first byte 0x78)
    /// instead of raw DEFLATE; name it when the first two bytes look like a zlib header.
    private static func zlibHeaderHint(_ data: Data) -> String {
        guard data.count >= 2 else { return "" }
        let first = data[data.startIndex], second = data[data.startIndex + 1]
        guard first & 0x0F == 8, (UInt16(first) << 8 | UInt16(second)) % 31 == 0 else { return "" }
        return "; it starts with a zlib header (RFC 1950), but SAML Bindings 3.4.4.1 requires raw DEFLATE (RFC 1951) without header or checksum"
    }
}

/// One heap-allocated `z_stream`. zlib keeps a pointer back to the stream in its state and
/// refuses calls made through a moved copy (`inflateStateCheck`), so the struct must have a
/// stable address for its whole life: a Swift local `var` passed with `&` does not promise one.
private final class ZStream {
    let pointer: UnsafeMutablePointer<z_stream>

    init() {
        pointer = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        // zalloc, zfree and opaque must be null (zlib's defaults) before the init call.
        pointer.initialize(to: z_stream())
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
