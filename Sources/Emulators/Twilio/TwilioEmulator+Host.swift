public import Foundation

/// What a test (or the sandbox) decides about the emulated account, and what it can inspect.
extension TwilioEmulator {
    /// Every accepted message, oldest first.
    public func messages() async -> [EmulatedMessage] {
        await ledger.messages
    }

    /// Puts back messages kept from an earlier run, before any new one; no callback is posted for them.
    public func restore(_ messages: [EmulatedMessage]) async {
        await ledger.restore(messages)
    }

    /// The accepted messages to one number (E.164), oldest first.
    public func messages(to number: String) async -> [EmulatedMessage] {
        await ledger.messages.filter { $0.to == number }
    }

    /// Refuses every later send to `number` with `400` and this Twilio error code.
    public func rejectNumber(_ number: String, code: Int = 21211, message: String? = nil) async {
        let text = message ?? (code == 21211 ? "Invalid 'To' Phone Number: \(number)" : "Message to this number refused (error \(code))")
        await ledger.setRejection(TwilioErrorReply(code: code, message: text), for: number)
    }

    /// Takes back `rejectNumber`: later sends to `number` are accepted again.
    public func acceptNumber(_ number: String) async {
        await ledger.clearRejection(for: number)
    }

    /// With the rule on, free text to a number that has not written in the last 24 hours is
    /// refused with `63016`; templates (`ContentSid`) still pass.
    public func setRequireSessionWindow(_ required: Bool) async {
        await ledger.setRequireSessionWindow(required)
    }

    /// Records that `number` wrote to the business at `date`, opening its 24-hour window then.
    public func openSessionWindow(for number: String, at date: Date = Date()) async {
        await ledger.openSessionWindow(for: number, at: date)
    }

    /// What happens to later messages to `number`; `.delivered` unless set.
    public func setOutcome(for number: String, _ outcome: DeliveryOutcome) async {
        await ledger.setOutcome(outcome, for: number)
    }

    /// What happens to later messages to every number without an outcome of its own.
    public func setDefaultOutcome(_ outcome: DeliveryOutcome) async {
        await ledger.setDefaultOutcome(outcome)
    }

    /// Posts later status callbacks out of order and/or twice.
    public func setCallbackDelivery(_ delivery: CallbackDelivery) async {
        await ledger.setCallbackDelivery(delivery)
    }

    /// The text of an approved template, so that messages sent with it get a readable body.
    public func defineTemplate(_ contentSID: String, text: String) async {
        await ledger.defineTemplate(contentSID, text: text)
    }

    /// A `twilio/quick-reply` template: its text and buttons (ids and labels), as approved in Twilio.
    public func defineQuickReplyTemplate(_ contentSID: String, text: String, buttons: [QuickReplyButton]) async {
        await ledger.defineTemplate(contentSID, text: text, buttons: buttons)
    }

    /// Every send answers after `latency` (a loaded Twilio), so that concurrency shows.
    public func setSendLatency(_ latency: Duration) async {
        await ledger.setSendLatency(latency)
    }

    /// Queues faults for the next send requests, one each, in order.
    public func injectSendFaults(_ faults: [TwilioFault]) async {
        await ledger.appendFaults(faults)
    }

    /// Answers this share of send requests (0…1) with a random fault: `429`, `500`, or no answer
    /// (the client times out) before or after the message is recorded.
    public func setRandomSendFaultRate(_ rate: Double) async {
        await ledger.setRandomFaultRate(rate)
    }

    /// The requests served so far.
    public var requestCounts: TwilioRequestCounts {
        get async { await ledger.counts }
    }
}

extension MessageLedger {
    func restore(_ earlier: [EmulatedMessage]) {
        messages = earlier + messages
    }

    func setRejection(_ rejection: TwilioErrorReply, for number: String) {
        rejections[number] = rejection
    }

    func clearRejection(for number: String) {
        rejections[number] = nil
    }

    func setRequireSessionWindow(_ required: Bool) {
        requireSessionWindow = required
    }

    func setDefaultOutcome(_ outcome: DeliveryOutcome) {
        defaultOutcome = outcome
    }

    func setOutcome(_ outcome: DeliveryOutcome, for number: String) {
        outcomes[number] = outcome
    }

    func setCallbackDelivery(_ delivery: CallbackDelivery) {
        callbackDelivery = delivery
    }

    func defineTemplate(_ contentSID: String, text: String, buttons: [QuickReplyButton] = []) {
        templates[contentSID] = text
        templateButtons[contentSID] = buttons
    }
}
