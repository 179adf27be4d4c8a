import AsyncHTTPClient
public import Foundation
import Hummingbird
import MetaCloud
import Synchronization

/// Meta's WhatsApp Cloud API as the service meets it (DESIGN.md §25), in-process over real HTTP on
/// 127.0.0.1: `POST /v23.0/{phone-number-id}/messages` (text, templates by name and language,
/// interactive buttons), `GET /v23.0/{phone-number-id}`, the errors Meta answers (`190` for a bad
/// token, `100` for an unknown number id, `132001` for a template not approved in that language,
/// `132000` for a wrong number of parameters, `130429` throughput), and statuses posted to the
/// webhook signed with the app secret, carrying `biz_opaque_callback_data`. As on the real API, free
/// text outside the 24-hour window is accepted and then fails with `131047` in its status.
public final class MetaEmulator: Sendable {
    /// Test credentials of the emulated app; they open nothing anywhere else.
    public static let accessToken = "EAAGemulatedTestToken0123456789"
    public static let phoneNumberID = "109876543210987"
    public static let appSecret = "meta-app-secret-for-the-emulator-only"
    public static let verifyToken = "meta-verify-token-for-the-emulator-only"

    /// `http://127.0.0.1:<port>/v23.0`: `META_GRAPH_API_URL`.
    public let apiURL: URL
    let state: Mutex<State>
    let runs = WebhookRuns<Int>()
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    private let server: LoopbackServer

    /// A message the API accepted.
    public struct Message: Sendable {
        public let id: String
        public let to: String
        /// What the attendee sees: the text, or the template rendered.
        public let text: String
        public let template: String?
        public let language: String?
        public let buttons: [String]
        public let callbackData: String?
        public let sentAt: Date
        /// Where it ended up: `delivered`, or `failed` with Meta's code.
        public internal(set) var status: String = "accepted"
        public internal(set) var errorCode: Int?
    }

    public enum Fault: Sendable {
        /// `429`, code `130429`: nothing sent.
        case throughput
        /// `500` after the message went: the sender cannot know.
        case serverErrorAfterSending
        /// The message goes, its statuses are posted and taken, and only then the send fails (`504`):
        /// the service hears that it went before it hears that the send was unclear.
        case statusesBeforeTimeout
        /// The message goes and its statuses are posted and taken before the send's `200`: the
        /// first status names the row (`biz_opaque_callback_data`) before its answer does.
        case statusesBeforeAnswer
        /// `500` before anything was sent: the sender cannot know either, and no status will come.
        case serverErrorBeforeSending
    }

    struct State {
        var webhook: URL?
        var messages: [Message] = []
        var templates: [String: (text: String, parameters: Int)] = [:]
        var lastInbound: [String: Date] = [:]
        var rejected: Set<String> = []
        var faults: [Fault] = []
        /// The share of sends that fail at random, each with one of the faults above.
        var randomFaultRate = 0.0
        var sendAttempts = 0
        var faultedSends = 0
        /// Posts each status twice, as Meta does when an answer is slow.
        var repeatStatuses = false
        var statusesPosted = 0
        var statusRetryFor: Duration = .zero
        /// Meta's 24-hour rule for free text; the sandbox turns it off, as its attendees never wrote first.
        var requiresWindow = true
    }

    private init(server: LoopbackServer) {
        apiURL = URL(string: "http://127.0.0.1:\(server.port)/v23.0")!
        self.server = server
        state = Mutex(State())
    }

    public static func start() async throws -> MetaEmulator {
        let box = EmulatorBox()
        let router = Router()
        router.post("v23.0/:number/messages") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 1024 * 1024)
            guard let emulator = box.emulator else { return Response(status: .serviceUnavailable) }
            return await emulator.send(request, number: context.parameters.get("number") ?? "", body: Data(body.readableBytesView))
        }
        router.get("v23.0/:number") { request, context in
            guard let emulator = box.emulator else { return Response(status: .serviceUnavailable) }
            if let refusal = emulator.refusal(request, number: context.parameters.get("number") ?? "") { return refusal }
            return Self.json(200, ["display_phone_number": "+1 555-010-0123", "verified_name": "Sandbox Coaching", "id": phoneNumberID])
        }
        let server = try await LoopbackServer.start(router, name: "Meta")
        let emulator = MetaEmulator(server: server)
        box.emulator = emulator
        return emulator
    }

    public func stop() async {
        await runs.close()
        await server.stop()
        try? await httpClient.shutdown()
    }

    deinit {
        _ = runs.cancelAll()
        server.cancel()
    }

    /// Where statuses and messages are posted: the service's `PUBLIC_BASE_URL/webhooks/whatsapp`
    /// (as set in the Meta app's WhatsApp → Configuration); nil posts nothing.
    public func setWebhook(publicBaseURL: URL?) {
        state.withLock { $0.webhook = publicBaseURL?.appendingPathComponent("webhooks/whatsapp") }
    }

    /// The settings that point the service here (Twilio's left out).
    public var settings: [String: String] {
        ["WHATSAPP_PROVIDER": "meta", "META_ACCESS_TOKEN": Self.accessToken, "META_PHONE_NUMBER_ID": Self.phoneNumberID,
                "META_APP_SECRET": Self.appSecret, "META_VERIFY_TOKEN": Self.verifyToken, "META_GRAPH_API_URL": apiURL.absoluteString,
                "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_WHATSAPP_FROM": ""]
    }

    // MARK: The API

    private func refusal(_ request: Request, number: String) -> Response? {
        guard request.headers[.authorization] == "Bearer \(Self.accessToken)" else {
            return Self.error(401, code: 190, "Invalid OAuth access token - Cannot parse access token", type: "OAuthException")
        }
        guard number == Self.phoneNumberID else {
            return Self.error(400, code: 100, "Unsupported post request. Object with ID '\(number)' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                              type: "GraphMethodException")
        }
        return nil
    }

    private func send(_ request: Request, number: String, body: Data) async -> Response {
        if let refusal = refusal(request, number: number) { return refusal }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any], object["messaging_product"] as? String == "whatsapp",
              let to = object["to"] as? String, let type = object["type"] as? String
        else { return Self.error(400, code: 100, "Invalid parameter", type: "OAuthException") }
        let phone = "+" + to.filter(\.isNumber)
        let fault = state.withLock { state -> Fault? in
            state.sendAttempts += 1
            if !state.faults.isEmpty { state.faultedSends += 1; return state.faults.removeFirst() }
            guard Double.random(in: 0..<1) < state.randomFaultRate else { return nil }
            state.faultedSends += 1
            return [.throughput, .serverErrorAfterSending, .statusesBeforeTimeout, .serverErrorBeforeSending].randomElement()
        }
        if fault == .throughput {
            return Self.error(429, code: 130429, "Rate limit hit", details: "Cloud API message throughput has been reached.")
        }
        if fault == .serverErrorBeforeSending {
            return Self.error(500, code: 131000, "Something went wrong", details: "Message failed to send because of an unknown error.")
        }
        var text = "", template: String?, language: String?, buttons: [String] = []
        switch type {
        case "text":
            text = ((object["text"] as? [String: Any])?["body"] as? String) ?? ""
        case "template":
            let spec = object["template"] as? [String: Any]
            template = spec?["name"] as? String
            language = (spec?["language"] as? [String: Any])?["code"] as? String
            let components = (spec?["components"] as? [[String: Any]]) ?? []
            let values = components.filter { $0["type"] as? String == "body" }.flatMap { ($0["parameters"] as? [[String: Any]]) ?? [] }
                .compactMap { $0["text"] as? String }
            buttons = components.filter { $0["type"] as? String == "button" }
                .compactMap { (($0["parameters"] as? [[String: Any]])?.first?["payload"]) as? String }
            guard let known = state.withLock({ $0.templates["\(template ?? "")/\(language ?? "")"] }) else {
                return Self.error(404, code: 132001, "Template name does not exist in the translation",
                                  details: "template name (\(template ?? "")) does not exist in \(language ?? "")")
            }
            guard values.count == known.parameters else {
                return Self.error(400, code: 132000, "Number of parameters does not match the expected number of params",
                                  details: "body: number of localizable_params (\(values.count)) does not match the expected number of params (\(known.parameters))")
            }
            text = values.enumerated().reduce(known.text) { $0.replacingOccurrences(of: "{{\($1.offset + 1)}}", with: $1.element) }
        case "interactive":
            let interactive = object["interactive"] as? [String: Any]
            text = ((interactive?["body"] as? [String: Any])?["text"] as? String) ?? ""
            buttons = (((interactive?["action"] as? [String: Any])?["buttons"] as? [[String: Any]]) ?? [])
                .compactMap { ($0["reply"] as? [String: Any])?["id"] as? String }
            // Meta's limits for reply buttons: a body of 1,024 characters, three buttons.
            if text.count > 1_024 || buttons.count > 3 {
                return Self.error(400, code: 131009, "Parameter value is not valid",
                                  details: "interactive body text may be at most 1024 characters, with at most 3 buttons")
            }
        default:
            return Self.error(400, code: 131009, "Parameter value is not valid", details: "Unsupported message type \(type)")
        }
        let id = "wamid.HBgL" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        var message = Message(id: id, to: phone, text: text, template: template, language: language, buttons: buttons,
                              callbackData: object["biz_opaque_callback_data"] as? String, sentAt: Date())
        let (outcome, webhook, repeats) = state.withLock { state -> ((code: Int, title: String)?, URL?, Bool) in
            let windowOpen = !state.requiresWindow || (state.lastInbound[phone].map { Date().timeIntervalSince($0) < 86_400 } ?? false)
            let outcome: (code: Int, title: String)? = state.rejected.contains(phone) ? (131026, "Message Undeliverable")
                : (type != "template" && !windowOpen) ? (131047, "Re-engagement message") : nil
            message.status = outcome == nil ? "delivered" : "failed"
            message.errorCode = outcome?.code
            state.messages.append(message)
            return (outcome, state.webhook, state.repeatStatuses)
        }
        if fault == .statusesBeforeTimeout || fault == .statusesBeforeAnswer {
            // Meta's statuses come (and are taken) while the sender still waits for the answer,
            // which then fails or, at last, comes.
            if let webhook {
                for body in Self.statusBodies(message, failure: outcome) { _ = await deliver(body, to: webhook) }
            }
            if fault == .statusesBeforeTimeout {
                return Self.error(504, code: 131000, "Something went wrong", details: "Message failed to send because of an unknown error.")
            }
        } else {
            postStatuses(for: message, failure: outcome, to: webhook, repeats: repeats)
        }
        if fault == .serverErrorAfterSending {
            return Self.error(500, code: 131000, "Something went wrong", details: "Message failed to send because of an unknown error.")
        }
        return Self.json(200, ["messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": to.filter(\.isNumber)]],
                               "messages": [["id": id, "message_status": "accepted"]]])
    }

    // MARK: Webhooks

    private func postStatuses(for message: Message, failure: (code: Int, title: String)?, to webhook: URL?, repeats: Bool) {
        guard let webhook else { return }
        let bodies = Self.statusBodies(message, failure: failure)
        runs.start { [self] in
            for body in bodies + (repeats ? bodies : []) where !Task.isCancelled {
                runs.record(await deliver(body, to: webhook))
            }
        }
    }

    /// The webhook bodies of a message's statuses: sent then delivered, or failed with Meta's error.
    static func statusBodies(_ message: Message, failure: (code: Int, title: String)?) -> [Data] {
        let states: [String] = failure == nil ? ["sent", "delivered"] : ["failed"]
        return states.map { status -> Data in
            var entry: [String: Any] = ["id": message.id, "status": status, "timestamp": "\(Int(Date().timeIntervalSince1970))",
                                        "recipient_id": message.to.filter(\.isNumber)]
            // Meta echoes it on sent, delivered and read, not on failed.
            if let data = message.callbackData, failure == nil { entry["biz_opaque_callback_data"] = data }
            if let failure {
                entry["errors"] = [["code": failure.code, "title": failure.title, "message": failure.title,
                                    "error_data": ["details": failure.code == 131047
                                        ? "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
                                        : "The message could not be delivered to this number."]]]
            }
            return Self.envelope(["statuses": [entry]])
        }
    }

    /// Posts a status until the receiver takes it (`200`), as Meta retries a webhook that fails
    /// (for days, backing off; here every half second for up to `retryFor`): a service that was
    /// down when a message went still hears what became of it.
    private func deliver(_ body: Data, to webhook: URL) async -> Int {
        let deadline = ContinuousClock.now + state.withLock { $0.statusRetryFor }
        while true {
            let status = (try? await post(body, to: webhook)) ?? 0
            if status == 200 || ContinuousClock.now >= deadline || Task.isCancelled { return status }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// How long a status that is not taken is posted again [0: once].
    public func setStatusRetry(for duration: Duration) {
        state.withLock { $0.statusRetryFor = duration }
    }

    /// An attendee's message (or button tap on `repliedTo`), posted as Meta posts it; opens the
    /// 24-hour window. Returns the service's answer.
    @discardableResult
    public func postInbound(from phone: String, text: String, buttonPayload: String? = nil, repliedTo: String? = nil,
                            id: String = "wamid.IN" + UUID().uuidString.replacingOccurrences(of: "-", with: "")) async throws -> Int {
        let webhook = state.withLock { state -> URL? in
            state.lastInbound[phone] = Date()
            return state.webhook
        }
        guard let webhook else { return 0 }
        var message: [String: Any] = ["from": phone.filter(\.isNumber), "id": id, "timestamp": "\(Int(Date().timeIntervalSince1970))"]
        if let buttonPayload {
            message["type"] = "button"
            message["button"] = ["payload": buttonPayload, "text": text]
        } else {
            message["type"] = "text"
            message["text"] = ["body": text]
        }
        if let repliedTo { message["context"] = ["id": repliedTo] }
        return try await post(Self.envelope(["contacts": [["wa_id": phone.filter(\.isNumber), "profile": ["name": "Attendee"]]], "messages": [message]]),
                              to: webhook)
    }

    /// Posts `body` signed with the app secret (or with `signature`, to forge one).
    public func post(_ body: Data, to url: URL, signature: String? = nil) async throws -> Int {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Hub-Signature-256", value: signature ?? MetaWebhook.signature(body, appSecret: Self.appSecret))
        request.body = .bytes(Array(body))
        let response = try await httpClient.execute(request, timeout: .seconds(15))
        _ = try await response.body.collect(upTo: 1024 * 1024)
        state.withLock { $0.statusesPosted += 1 }
        return Int(response.status.code)
    }

    /// A webhook body as Meta wraps its changes, for this emulator's number.
    public static func envelope(_ value: [String: Any]) -> Data {
        var value = value
        value["messaging_product"] = "whatsapp"
        value["metadata"] = ["display_phone_number": "15550100123", "phone_number_id": phoneNumberID]
        let object: [String: Any] = ["object": "whatsapp_business_account",
                                     "entry": [["id": "102290129340398", "changes": [["field": "messages", "value": value]]]]]
        return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }

    // MARK: The host's side

    /// Approves `name` in `language` with `text` (`{{1}}`… placeholders).
    public func defineTemplate(_ name: String, language: String, text: String) {
        let parameters = (1...20).filter { text.contains("{{\($0)}}") }.count
        state.withLock { $0.templates["\(name)/\(language)"] = (text, parameters) }
    }

    public func messages(to phone: String? = nil) -> [Message] {
        state.withLock { state in state.messages.filter { phone == nil || $0.to == phone } }
    }

    public func rejectNumber(_ phone: String) {
        state.withLock { _ = $0.rejected.insert(phone) }
    }

    public func acceptNumber(_ phone: String) {
        state.withLock { _ = $0.rejected.remove(phone) }
    }

    public func setRequireSessionWindow(_ required: Bool) {
        state.withLock { $0.requiresWindow = required }
    }

    /// Sends asked for, and those answered with a fault.
    public var sendAttempts: Int { state.withLock { $0.sendAttempts } }
    public var faultedSends: Int { state.withLock { $0.faultedSends } }

    /// Fails `rate` of the sends at random, each with one of `Fault`'s cases (the reliability soak).
    public func setRandomFaultRate(_ rate: Double) {
        state.withLock { $0.randomFaultRate = rate }
    }

    public func injectFaults(_ faults: [Fault]) {
        state.withLock { $0.faults += faults }
    }

    public func setRepeatStatuses(_ repeats: Bool) {
        state.withLock { $0.repeatStatuses = repeats }
    }

    /// Returns once every status posted so far has been answered.
    public func statusesSettled() async {
        await runs.settled()
    }

    // MARK: Wire

    static func json(_ status: Int, _ object: [String: Any]) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(data: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())))
    }

    static func error(_ status: Int, code: Int, _ message: String, type: String = "OAuthException", details: String? = nil) -> Response {
        var error: [String: Any] = ["message": message, "type": type, "code": code, "fbtrace_id": "A" + UUID().uuidString.prefix(20)]
        if let details { error["error_data"] = ["messaging_product": "whatsapp", "details": details] }
        return json(status, ["error": error])
    }
}

/// The emulator, for routes made before it exists.
private final class EmulatorBox: Sendable {
    private let value = Mutex<MetaEmulator?>(nil)
    var emulator: MetaEmulator? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
