public import Foundation

extension CalendlyClient {
    /// A booking link for the event type behind `schedulingPage` that works for one booking.
    /// The page's event type is looked up once (`/users/me`, then `/event_types`) and remembered.
    /// The `POST` is tried once: a time-out may have created a link nobody will see, and a
    /// second one would be no better than the caller falling back to the plain page.
    public func singleUseSchedulingLink(for schedulingPage: URL) async throws -> URL {
        do throws(CalendlyError) {
            let owner = try await eventTypeURI(for: schedulingPage)
            do throws(CalendlyError) {
                let link = try await createSchedulingLink(owner: owner)
                logger.debug("Calendly single-use link created", metadata: ["event_type": "\(owner)"])
                return link
            } catch .api(404, let title, let message) {
                // The event type was deleted since it was listed; the next call lists again.
                await directory.forget(schedulingPage)
                throw CalendlyError.api(status: 404, title: title, message: message)
            }
        } catch {
            logger.warning("Calendly single-use link not created", metadata: ["page": "\(schedulingPage.absoluteString)", "error": "\(error)"])
            throw error
        }
    }

    /// The URI of the active event type whose `scheduling_url` is `page`.
    func eventTypeURI(for page: URL) async throws(CalendlyError) -> String {
        if let known = await directory.owner(of: page) { return known }
        let user: CalendlyUser
        let eventTypes: [CalendlyEventType]
        do {
            user = try await currentUser()
            eventTypes = try await self.eventTypes(ofUser: user.uri)
        } catch let error as CalendlyError {
            throw error
        } catch {
            throw .malformedResponse(String(describing: error))
        }
        await directory.learn(eventTypes)
        guard let owner = await directory.owner(of: page) else { throw .eventTypeNotFound(page.absoluteString) }
        return owner
    }

    private func createSchedulingLink(owner: String) async throws(CalendlyError) -> URL {
        let body: Data
        do {
            body = try JSONEncoder().encode(SchedulingLinkRequest(owner: owner))
        } catch {
            throw .malformedResponse("could not encode the scheduling link request: \(error)")
        }
        let answer = try await send(url: url("/scheduling_links"), method: "POST", json: body)
        guard answer.isSuccess else { throw CalendlyErrorBody.error(status: answer.status, body: answer.body) }
        let link = try decode(ResourceEnvelope<SchedulingLink>.self, from: answer.body).resource
        guard let url = URL(string: link.bookingURL), url.scheme != nil, url.host != nil else {
            throw .malformedResponse("booking_url is not a URL: \(link.bookingURL)")
        }
        return url
    }
}
