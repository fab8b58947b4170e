// The process helpers (child processes, background servers, held loopback ports) live in the
// shipped ProcessSupport module; tests keep reaching them through TestSupport.
@_exported import ProcessSupport

/// The error the test-support room throws: the one ProcessSupport throws, by its older name.
public typealias TestSupportError = ProcessFailure
