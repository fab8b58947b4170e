import Foundation

/// What preflight found: every item, the forms, the onboarding's progress. `--format json`
/// writes it as is; `text` renders it for a terminal.
public struct PreflightReport: Codable, Sendable, Equatable {
    public var file: String?
    public var checkedAt: String
    public var items: [PreflightItem]
    public var forms: IntegrationForms
    public var progress: OnboardingProgress
    /// The serial number AGE asks for (uppercase hex), of the production certificate when
    /// given, else the test one.
    public var serialForAGE: String?

    public var failures: [PreflightItem] { items.filter { $0.status == .fail } }
    public var hasFailures: Bool { !failures.isEmpty }

    public func count(_ status: PreflightStatus) -> Int { items.filter { $0.status == status }.count }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// The checklist by section, then the forms, then the steps.
    public func text() -> String {
        var lines = ["mpass-harness preflight\(file.map { " of \($0)" } ?? "") at \(checkedAt)", ""]
        let idWidth = max(28, items.map(\.id.count).max() ?? 28)
        for section in PreflightItem.Section.allCases {
            let inSection = items.filter { $0.section == section }
            guard !inSection.isEmpty else { continue }
            lines.append(section.title)
            var subject: String?
            for item in inSection {
                if item.subject != subject {
                    lines.append("  \(item.subject)")
                    subject = item.subject
                }
                lines.append("    \(item.status.label.padding(toLength: 4, withPad: " ", startingAt: 0))  \(item.id.padding(toLength: idWidth, withPad: " ", startingAt: 0))  \(item.detail)")
                if let fix = item.fix, item.status == .fail || item.status == .warn {
                    lines.append("          fix: \(fix)")
                }
            }
            lines.append("")
        }
        if let serialForAGE {
            lines.append("Serial number for AGE: \(serialForAGE)")
            lines.append("")
        }
        lines.append("\(count(.pass)) passed, \(count(.warn)) warning\(count(.warn) == 1 ? "" : "s"), \(count(.fail)) failed, \(count(.skip)) skipped")
        lines.append("")
        lines.append("──── MPass integration details (ready to paste) ────")
        lines.append(forms.mpass)
        if let mnotify = forms.mnotify {
            lines.append("")
            lines.append("──── MNotify integration details (ready to paste) ────")
            lines.append(mnotify)
        }
        lines.append("")
        lines.append("──── Where the onboarding stands ────")
        func steps(_ title: String, _ steps: [OnboardingProgress.Step]) {
            lines.append(title)
            for step in steps {
                lines.append("  \(String(step.number).leftPadded(2)). [\(step.state.label.padding(toLength: 9, withPad: " ", startingAt: 0))] \(step.title): \(step.note)")
            }
        }
        steps("MPass", progress.mpass)
        if let mnotify = progress.mnotify {
            steps("MNotify", mnotify)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
