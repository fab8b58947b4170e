import BrowserAgent
import Foundation
import HTTPTypes
import MPassSimulator

/// Puts the simulator behind the browser agent's in-process host interface: every request
/// to the simulator's base URL is answered without a socket.
struct SimulatorHost: InProcessHost {
    let simulator: MPassSimulator

    func handle(_ request: BrowserRequest) async throws -> BrowserResponse {
        var form: [String: String] = [:]
        for field in request.formFields ?? [] where form[field.name] == nil { form[field.name] = field.value }
        let simulatorRequest = SimulatorRequest(
            method: request.method,
            path: request.url.path.isEmpty ? "/" : request.url.path,
            rawQuery: request.rawQuery,
            form: form,
            cookies: SimulatorRequest.parseCookieHeader(request.headers[values: .cookie].first))
        let answer = await simulator.handle(simulatorRequest)
        return BrowserResponse(status: answer.status, headers: answer.headers,
                               body: Data(answer.body.utf8), url: request.url)
    }
}
