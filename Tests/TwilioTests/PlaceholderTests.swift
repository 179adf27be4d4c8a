import Testing
@testable import Twilio

@Test func twilioTargetBuilds() {
    #expect(Bool(true))
}
