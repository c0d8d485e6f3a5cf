import NIOCore
import NIOHTTPTypes

/// Drops the clients that would hold a connection by being slow on purpose (issue 15, item 3):
/// a request body must arrive in full within ``bodyTimeout`` of its head (a body trickled a byte
/// at a time never ends otherwise: each byte resets the idle timeout), and a client that takes
/// no byte of its answer for ``sendTimeout`` is closed. Headers and idle connections are bounded by
/// Hummingbird's idle timeout, which only complete requests reset.
final class SlowClientDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let bodyTimeout: TimeAmount
    let sendTimeout: TimeAmount
    private var bodyDeadline: Scheduled<Void>?
    private var sendDeadline: Scheduled<Void>?

    init(bodyTimeout: TimeAmount, sendTimeout: TimeAmount) {
        self.bodyTimeout = bodyTimeout
        self.sendTimeout = sendTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            bodyDeadline?.cancel()
            bodyDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: bodyTimeout) {
                context.close(promise: nil)
            }
        case .end:
            bodyDeadline?.cancel()
            bodyDeadline = nil
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            sendDeadline?.cancel()
            sendDeadline = nil
        } else if sendDeadline == nil {
            sendDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: sendTimeout) {
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadlines()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadlines()
    }

    private func cancelDeadlines() {
        bodyDeadline?.cancel()
        sendDeadline?.cancel()
        bodyDeadline = nil
        sendDeadline = nil
    }
}
