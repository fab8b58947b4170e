import ArgumentParser
import Foundation
import HarnessModel

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented target description (service.yaml) to fill in for your Service.")

    @Argument(help: "The file to write.")
    var file: String = "service.yaml"

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: file) && !force {
            printError("error: \(file) exists; pass --force to overwrite it, or give another file name")
            throw ToolExit.usage
        }
        do {
            // Filled in for `service serve` as it starts with no options, so the file runs as written.
            let values = TargetTemplate.Values(certificate: ".mpass-harness/service/service.cert.pem")
            try Data(TargetTemplate.commented(values).utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            printError("error: cannot write \(file): \(error.localizedDescription)")
            throw ToolExit.internalFailure
        }
        print("wrote \(file): fill in your Service's URLs, issuer and certificate, then `mpass-harness run --target \(file)`")
    }
}
