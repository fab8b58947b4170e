@testable import HarnessModel
import Foundation
import MPassSAML
import Testing
import Vocabulary

@Suite("Report: model and report.json")
struct ConformanceReportTests {
    @Test("report.json is deterministic: encoding twice gives the same bytes, decoding gives the same report")
    func jsonIsDeterministic() throws {
        let report = SampleReports.chapter9()
        let first = try ReportJSON.encode(report)
        let second = try ReportJSON.encode(SampleReports.chapter9())
        #expect(first == second)
        let decoded = try ReportJSON.decode(first)
        #expect(decoded == report)
        #expect(try ReportJSON.encode(decoded) == first)
    }

    @Test("report.json spells instants as ISO-8601 UTC with milliseconds and carries summary and verdict")
    func jsonShape() throws {
        let data = try ReportJSON.encode(SampleReports.chapter9())
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"startedAt\" : \"2025-03-01T09:30:00.250Z\""))
        #expect(text.contains("\"finishedAt\" : \"2025-03-01T09:30:01.731Z\""))
        #expect(text.contains("\"schemaVersion\" : 1"))
        #expect(text.contains("\"verdict\" : \"fail\""))
        #expect(text.contains("\"outcome\" : \"n/a\""))
        #expect(text.contains("\"direction\" : \"service-to-idp\""))
        #expect(text.contains("\"exchangeIDs\" : null"))
        #expect(text.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["schemaVersion", "tool", "startedAt", "finishedAt", "target", "idp",
                                     "plan", "cases", "summary", "verdict"])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["total": 13, "passed": 10, "failed": 1, "review": 1, "errored": 1, "notJudged": 0, "requiredFailed": 3])
        let target = try #require(object["target"] as? [String: Any])
        #expect(target["baseURL"] as? String == "https://service.test")
    }

    @Test("The browser that played the person and a case's screenshot are written when known, omitted otherwise, and read back")
    func browserAndScreenshotRoundTrip() throws {
        var report = SampleReports.chapter9()
        report.browser = .chromium
        report.cases[0].screenshot = CaseScreenshot(path: "screenshots/TC_FUNCT_01.jpg", mediaType: "image/jpeg",
                                                    sha256: String(repeating: "ab", count: 32), pageURL: "https://service.test/")
        let data = try ReportJSON.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["browser"] as? String == "chromium")
        let firstCase = try #require((object["cases"] as? [[String: Any]])?.first)
        let screenshot = try #require(firstCase["screenshot"] as? [String: String])
        #expect(screenshot["path"] == "screenshots/TC_FUNCT_01.jpg")
        #expect(screenshot["mediaType"] == "image/jpeg")
        #expect(try ReportJSON.decode(data) == report)
        // An in-process run's report keeps the keys it had before these fields existed.
        let plain = try #require(try JSONSerialization.jsonObject(with: ReportJSON.encode(SampleReports.chapter9())) as? [String: Any])
        #expect(plain["browser"] == nil)
        #expect((plain["cases"] as? [[String: Any]])?.first?["screenshot"] == nil)
        // A browser this tool does not know is refused, not read as the default.
        let unknown = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"browser\" : \"chromium\"", with: "\"browser\" : \"firefox\"")
        #expect(throws: (any Error).self) { try ReportJSON.decode(Data(unknown.utf8)) }
    }

    @Test("Dates are held at whole milliseconds, so sub-millisecond instants still round-trip exactly")
    func subMillisecondDates() throws {
        var report = SampleReports.chapter9()
        report.startedAt = Date(timeIntervalSince1970: 1_740_821_400.123_456_7)
        report.finishedAt = Date(timeIntervalSinceReferenceDate: 762_514_200.999_9)
        let decoded = try ReportJSON.decode(try ReportJSON.encode(report))
        #expect(decoded == report)
        #expect(ReportTimestamp.string(report.startedAt) == "2025-03-01T09:30:00.123Z")
    }

    @Test("Timestamps: fixed spelling both ways, before 1970 too; anything else is refused",
          arguments: [
              (0.0, "1970-01-01T00:00:00.000Z"),
              (-0.001, "1969-12-31T23:59:59.999Z"),
              (951_782_400.5, "2000-02-29T00:00:00.500Z"),
              (4_102_444_799.999, "2099-12-31T23:59:59.999Z"),
          ])
    func timestamps(seconds: Double, text: String) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(ReportTimestamp.string(date) == text)
        #expect(ReportTimestamp.parse(text) == ReportTimestamp.normalised(date))
    }

    @Test("Timestamps in other spellings are not read", arguments: [
        "2025-03-01T09:30:00Z", "2025-03-01T09:30:00.250+00:00", "2025-02-30T09:30:00.250Z",
        "2025-03-01 09:30:00.250Z", "2025-13-01T09:30:00.250Z", "２025-03-01T09:30:00.250Z",
    ])
    func timestampRefusals(text: String) {
        #expect(ReportTimestamp.parse(text) == nil)
    }

    @Test("Summary and verdict are computed from the required cases")
    func verdicts() {
        var report = SampleReports.chapter9()
        #expect(report.verdict == .fail)
        #expect(report.summary.requiredFailed == 3)

        // Only a review left among the required cases: REVIEW, not PASS.
        report.cases = report.cases.map { result in
            var result = result
            if result.verdict == .fail || result.verdict == .error { result.verdict = .pass }
            return result
        }
        #expect(report.verdict == .review)

        // A failing recommended case does not fail the run.
        report.cases = report.cases.map { result in
            var result = result
            result.verdict = result.severity == .recommended ? .fail : .pass
            return result
        }
        #expect(report.verdict == .pass)
        #expect(report.summary.failed == 1)
        #expect(report.summary.requiredFailed == 0)
    }

    @Test("A report.json whose summary or verdict was edited by hand is refused")
    func tamperedSummary() throws {
        let text = String(decoding: try ReportJSON.encode(SampleReports.chapter9()), as: UTF8.self)
        for (original, edited) in [("\"verdict\" : \"fail\"\n}", "\"verdict\" : \"pass\"\n}"),
                                   ("\"passed\" : 10", "\"passed\" : 13")] {
            #expect(text.contains(original))
            let tampered = text.replacingOccurrences(of: original, with: edited)
            #expect(throws: HarnessError(.reportUnreadable, "")) { try ReportJSON.decode(Data(tampered.utf8)) }
        }
        #expect(throws: HarnessError(.reportUnreadable, "")) { try ReportJSON.decode(Data("{}".utf8)) }
    }
}
