import Foundation
import Hummingbird
import ServiceLifecycle

/// The REST routes this service calls: create a message, list messages, fetch the account.
struct MessageRoutes {
    static let basePath = "2010-04-01/Accounts"
    /// Form bodies of a message are a few kilobytes; this is Twilio-like headroom.
    static let maxBodyBytes = 64 * 1024

    let accountSID: String
    let businessNumber: String
    let createdAt: Date
    let ledger: MessageLedger
    let reporter: StatusReporter
    let gate: TwilioAPIGate

    func add(to router: Router<BasicRequestContext>) {
        let api = router.group(RouterPath(stringLiteral: Self.basePath)).add(middleware: gate)
        api.post(":account/Messages.json") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: Self.maxBodyBytes)
            return try await create(form: TwilioWire.formFields(String(decoding: body.readableBytesView, as: UTF8.self)))
        }
        api.get(":account/Messages.json") { request, _ in
            let query = TwilioWire.formFields(request.uri.query ?? "")
            let page = await MessageListing.page(of: ledger.messages, query: query, accountSID: accountSID, pageSize: ledger.pageSize)
            return JSONReply.response(status: 200, object: page)
        }
        api.get("{account}.json") { _, _ in
            JSONReply.response(status: 200, object: MessageResource.account(sid: accountSID, created: createdAt))
        }
    }

    private func create(form: [(String, String)]) async throws -> Response {
        await ledger.sendServed(starting: true)
        defer { Task { await ledger.sendServed(starting: false) } }
        let latency = await ledger.sendLatency
        if latency > .zero { try await cancelWhenGracefulShutdown { try await Task.sleep(for: latency) } }
        let fault = await ledger.nextFault()
        switch fault {
        case .tooManyRequests: throw TwilioErrorReply.tooManyRequests()
        case .serverError: throw TwilioErrorReply.serverError()
        case .timeoutBeforeAccepting:
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
            throw TwilioErrorReply.serverError()
        case .timeoutAfterAccepting, nil: break
        }
        let message = try await ledger.accept(SendRequest(form: form, businessNumber: businessNumber))
        await reporter.report(message)
        if fault == .timeoutAfterAccepting {
            // Held until the client gives up; `stop()` ends the wait so shutdown is not delayed.
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
        return JSONReply.response(status: 201, object: MessageResource.message(message, accountSID: accountSID, status: "queued"))
    }
}
