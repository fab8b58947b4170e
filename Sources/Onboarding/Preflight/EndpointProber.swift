import Foundation

/// Asks whether a URL answers on the network. Injected into preflight so that tests decide
/// what "the network" says; `HTTPEndpointProber` is the real one.
public protocol EndpointProber: Sendable {
    func probe(_ url: URL) async -> EndpointProbe
}

/// What one probe found: an HTTP answer (any status counts: a 405 from an ACS that wants a
/// POST is an answer), or why there was none.
public enum EndpointProbe: Sendable, Equatable {
    case answered(status: Int, milliseconds: Int)
    case noAnswer(reason: String)
}
