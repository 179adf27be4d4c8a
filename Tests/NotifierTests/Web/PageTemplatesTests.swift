import Foundation
import TestSupport
import Testing
@testable import WebApp

struct PageTemplatesTests {
    static let shippedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    @Test(arguments: PageTemplates.Name.allCases)
    func shippedPagesMatchTheBuiltInOnes(name: PageTemplates.Name) throws {
        let file = "\(Self.shippedDirectory)/pages/\(name.rawValue).mustache"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == DefaultPageTemplates.text(of: name))
    }

    @Test func pagesEscapeWhatTheyShowAndCarryNoPersonalDataInMeta() throws {
        let pages = try PageTemplates.load(directory: nil)
        let values: [String: Any] = ["title": "Cancel", "summary": "<script>x</script>", "start": "Tue", "action": "/cancel/t", "confirm": "c"]
        let text = pages.html(.cancel, values)
        #expect(text.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(!text.contains("<script>"))
        #expect(!text.contains("og:"))
        #expect(pages.page(.cancel, values).headers[.cacheControl] == "no-store")
    }
}
