import Foundation
import Hummingbird

/// The invitee's side: `GET` a scheduling page or single-use link shows the booking form,
/// `POST` of the form books and then redirects (or confirms) as Calendly does.
struct BookingPageRoutes {
    /// A booking form is a few hundred bytes.
    static let maxBodyBytes = 16 * 1024

    let account: SchedulingAccount
    let desk: BookingDesk

    func add(to router: Router<BasicRequestContext>) {
        for path in [":user/:slug", "d/:code/:slug"] {
            router.get(RouterPath(stringLiteral: path)) { request, _ in await show(request) }
            router.post(RouterPath(stringLiteral: path)) { request, _ in
                var request = request
                let body = try await request.collectBody(upTo: Self.maxBodyBytes)
                return await book(path: request.uri.path, form: CalendlyWire.formFields(String(decoding: body.readableBytesView, as: UTF8.self)))
            }
        }
    }

    private func show(_ request: Request) async -> Response {
        do throws(CalendlyBookingError) {
            let page = try await account.page(at: request.uri.path)
            guard await !account.isUsed(page) else { throw CalendlyBookingError.linkAlreadyUsed(page.url.absoluteString) }
            // Browsers' rules for a query: `+` is a space, so a prefilled phone must come as `%2B`.
            let query = CalendlyWire.formFields(request.uri.query ?? "")
            let value = { (name: String) in query.last { $0.0 == name }?.1 ?? "" }
            let fullName = value("name").isEmpty ? [value("first_name"), value("last_name")].filter { !$0.isEmpty }.joined(separator: " ") : value("name")
            let phone = value("location").isEmpty ? value("a1") : value("location")
            let tracking = query.filter { InviteeRecord.trackingNames.contains($0.0) && !$0.1.isEmpty }
            return BookingPage.form(
                page.eventType, hostName: account.hostName, action: request.uri.path,
                slots: BookingPage.slots(after: Date(), in: account.timeZone), zone: account.timeZone,
                name: fullName, email: value("email"), phone: phone, tracking: tracking)
        } catch {
            return BookingPage.refused(error)
        }
    }

    private func book(path: String, form: [(String, String)]) async -> Response {
        let outcome: BookingDesk.Outcome
        do {
            let page = try await account.page(at: path)
            outcome = try await desk.book(on: page, BookingRequest(form: form))
        } catch let error as CalendlyBookingError {
            return BookingPage.refused(error)
        } catch {
            return Response(status: .internalServerError)
        }
        let afterAnswer = await desk.deliverBeforeAnswer(outcome)
        var response = outcome.booking.redirectURL.map { url in
            Response(status: .seeOther, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
        } ?? BookingPage.scheduled(outcome.booking, hostName: account.hostName, zone: account.timeZone)
        if let afterAnswer {
            // Posted only once the answer has been handed to the connection, so the browser can
            // reach the redirect target before the webhook does.
            let answerBody = response.body
            let courier = desk.courier
            response.body = ResponseBody(contentLength: answerBody.contentLength) { writer in
                try await answerBody.write(writer)
                courier.deliver(afterAnswer)
            }
        }
        return response
    }
}
