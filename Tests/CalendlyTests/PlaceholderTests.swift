import Testing
@testable import Calendly

@Test func calendlyTargetBuilds() {
    #expect(Bool(true))
}
