import Foundation

/// The Twilio account the emulator keeps: accepted messages, the per-number rules a test set,
/// the faults waiting for the next send requests, and the request counters.
actor MessageLedger {
    /// WhatsApp's customer-service window: free-form text only within a day of the user's last message.
    static let sessionWindow: TimeInterval = 24 * 3600

    let businessNumber: String
    /// The most messages a list page holds, whatever the client asks for, so that paging is exercised.
    let pageSize: Int
    var messages: [EmulatedMessage] = []
    private(set) var counts = TwilioRequestCounts()
    var rejections: [String: TwilioErrorReply] = [:]
    var requireSessionWindow = false
    var lastInbound: [String: Date] = [:]
    var outcomes: [String: DeliveryOutcome] = [:]
    /// What happens to messages to numbers without an outcome of their own.
    var defaultOutcome: DeliveryOutcome = .delivered
    var callbackDelivery: CallbackDelivery = []
    var templates: [String: String] = [:]
    var templateButtons: [String: [QuickReplyButton]] = [:]
    private var faults: [TwilioFault] = []

    init(businessNumber: String, pageSize: Int) {
        self.businessNumber = businessNumber
        self.pageSize = max(1, pageSize)
    }

    func countRequest(isSend: Bool) {
        counts.requests += 1
        if isSend { counts.sendAttempts += 1 }
    }

    /// How long each send takes to answer, as a loaded Twilio does.
    var sendLatency: Duration = .zero
    private var sendsNow = 0

    /// A send starts (`true`) or ends being served; the most at once is kept.
    func sendServed(starting: Bool) {
        sendsNow += starting ? 1 : -1
        counts.mostSendsAtOnce = max(counts.mostSendsAtOnce, sendsNow)
    }

    func setSendLatency(_ latency: Duration) {
        sendLatency = latency
    }

    func appendFaults(_ more: [TwilioFault]) {
        faults += more
    }

    private var randomFaultRate = 0.0

    func setRandomFaultRate(_ rate: Double) {
        randomFaultRate = min(max(rate, 0), 1)
    }

    /// The next scripted fault, else, at the random rate, any of them.
    func nextFault() -> TwilioFault? {
        let fault: TwilioFault?
        if !faults.isEmpty {
            fault = faults.removeFirst()
        } else if randomFaultRate > 0, Double.random(in: 0..<1) < randomFaultRate {
            fault = [.tooManyRequests, .serverError, .timeoutAfterAccepting, .timeoutBeforeAccepting].randomElement()
        } else {
            fault = nil
        }
        if fault != nil { counts.faulted += 1 }
        return fault
    }

    /// Applies the account's rules to a well-formed request and records the message.
    func accept(_ request: SendRequest, now: Date = Date()) throws(TwilioErrorReply) -> EmulatedMessage {
        if let rejection = rejections[request.to] { throw rejection }
        if requireSessionWindow, request.contentSID == nil {
            guard let last = lastInbound[request.to], now.timeIntervalSince(last) < Self.sessionWindow else {
                throw .outsideSessionWindow()
            }
        }
        let final = outcome(for: request.to).statuses.last
        let message = EmulatedMessage(
            sid: TwilioWire.sid("SM"), to: request.to, from: request.from ?? businessNumber, body: text(of: request),
            contentSID: request.contentSID, contentVariables: request.contentVariables,
            messagingServiceSID: request.messagingServiceSID, statusCallback: request.statusCallback,
            buttons: request.contentSID.flatMap { templateButtons[$0] } ?? [],
            // The list shows where the message ends up; callbacks only report the way there.
            status: final?.status ?? "queued", errorCode: final?.errorCode, errorMessage: final?.errorMessage,
            dateCreated: now
        )
        messages.append(message)
        return message
    }

    func outcome(for number: String) -> DeliveryOutcome {
        outcomes[number] ?? defaultOutcome
    }

    /// Sets a message's status by hand; nil if there is no such message.
    func setStatus(of sid: String, to status: String, errorCode: Int?, errorMessage: String?) -> EmulatedMessage? {
        guard let index = messages.firstIndex(where: { $0.sid == sid }) else { return nil }
        messages[index].status = status
        messages[index].errorCode = errorCode
        messages[index].errorMessage = errorMessage
        return messages[index]
    }

    func openSessionWindow(for number: String, at date: Date = Date()) {
        lastInbound[number] = date
    }

    /// The free text, or the template's text with `{{1}}`-style placeholders filled in.
    private func text(of request: SendRequest) -> String {
        if let body = request.body { return body }
        guard let contentSID = request.contentSID, var text = templates[contentSID] else { return "" }
        for (key, value) in request.contentVariables.flatMap(SendRequest.variables) ?? [:] {
            text = text.replacingOccurrences(of: "{{\(key)}}", with: value)
        }
        return text
    }
}
