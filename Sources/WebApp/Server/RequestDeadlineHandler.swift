import NIOCore
import NIOHTTPTypes

/// Cuts off a connection whose client does not send a whole request in time: from the moment the
/// server waits for a request (a new connection, or the last response sent on a kept-alive one)
/// until that request's head has arrived, and again from its head to its last body byte. Unlike
/// an idle timeout, which every byte resets, this stops a client dripping a byte every few
/// seconds as surely as one that stalls, so slow clients cannot hold file descriptors.
/// While the service works on a request it has read whole, no deadline runs.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limit: TimeAmount
    /// When the connection is cut; nil while the service works on a request it has read whole.
    private var deadline: NIODeadline?
    /// The one check pending on the event loop. Moving the deadline does not reschedule it (that
    /// was two timers made and cancelled a request, a twentieth of a short link's CPU): when it
    /// runs, it closes the connection if the deadline has passed, and otherwise waits again.
    private var check: Scheduled<Void>?
    /// A request's head has arrived and its end has not.
    private var readingRequest = false
    /// Requests whose head has arrived and whose response has not been sent yet. A response can
    /// go out before its request's body has all arrived (the route did not read it).
    private var unanswered = 0

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            readingRequest = true
            unanswered += 1
            arm(context)
        case .body:
            break
        case .end:
            readingRequest = false
            // Answered already: the connection waits for the next request, under a new deadline.
            if unanswered > 0 { disarm() } else { arm(context) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !readingRequest { arm(context) }
        }
        context.write(data, promise: promise)
    }

    /// Starts a fresh deadline, replacing any running one.
    private func arm(_ context: ChannelHandlerContext) {
        let deadline = NIODeadline.now() + limit
        self.deadline = deadline
        if check == nil { scheduleCheck(context, at: deadline) }
    }

    private func disarm() {
        deadline = nil
    }

    private func stop() {
        deadline = nil
        check?.cancel()
        check = nil
    }

    private func scheduleCheck(_ context: ChannelHandlerContext, at time: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        check = context.eventLoop.assumeIsolated().scheduleTask(deadline: time) {
            let (handler, context) = loopBound.value
            handler.runCheck(context)
        }
    }

    private func runCheck(_ context: ChannelHandlerContext) {
        check = nil
        // Disarmed: the next `arm` schedules a check of its own.
        guard let deadline else { return }
        if deadline <= .now() {
            context.close(promise: nil)
        } else {
            scheduleCheck(context, at: deadline)
        }
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
