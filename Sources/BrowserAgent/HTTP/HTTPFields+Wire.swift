import HTTPTypes

// Headers are swift-http-types' `HTTPFields` throughout: it keeps the order and the repetition
// of the lines (HAR 1.2 lists headers; `Set-Cookie` may come many times and must never be
// joined) and compares names without case (RFC 9110 §5.1). Two of its habits matter here:
// `fields[name]` joins repeated values with ", " (so a reader wanting the first value uses
// `fields[values: name].first`), and setting `fields[.cookie]` splits the value at "; "
// (so the one `Cookie` line a browser sends is appended as a field).

extension HTTPFields {
    /// Approximate size of the header block on the wire (`name: value\r\n` per line plus the
    /// blank line), which HAR records as `headersSize`.
    public var wireSize: Int {
        reduce(2) { $0 + $1.name.rawName.utf8.count + 2 + $1.value.utf8.count + 2 }
    }
}

extension HTTPField.Name {
    /// `Host` (RFC 9110 §7.2). swift-http-types withholds `.host` (an HTTP/2 request carries it as
    /// `:authority`), but the browser speaks HTTP/1.1 and records the line it sends.
    static let hostLine = HTTPField.Name("Host")!
}
