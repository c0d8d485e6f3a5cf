import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Ends a connection whose answer went out before its request was read to the end (a 401, 404,
/// 405 or 413 while the body still arrives), or whose client sent `Connection: close` (issue 15,
/// item 1).
///
/// Left to Hummingbird (2.28), such a connection is half-closed after the answer and then waits
/// for the client to close its side, while nothing reads the socket any more: the unread body
/// fills the window, the client's FIN never gets through, and the socket stays in FIN-WAIT-2
/// with its descriptor for good. Here the answer says `Connection: close`; once it is written the
/// output is shut (the client sees the whole answer, then the end), what the client still sends
/// is read and dropped for at most ``lingerTime`` or ``lingerBytes``, and the connection is
/// closed: the lingering close of nginx and Apache, so a client still sending its body gets the
/// answer instead of a reset.
final class EarlyAnswerDrain: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a closing connection reads what the client still sends.
    let lingerTime: TimeAmount
    /// How many body bytes a closing connection reads and drops before it closes at once.
    let lingerBytes: Int

    /// Requests whose head, and whose end, arrived on this connection; answers begun. Counted
    /// rather than flagged so that a pipelined request never passes for the one being answered.
    private var headsRead = 0
    private var endsRead = 0
    private var answersBegun = 0
    /// The first request that asked for `Connection: close` (1 is the first request).
    private var closingRequest: Int?
    /// The answer being written ends the connection.
    private var closeAfterAnswer = false
    private var lingering = false
    private var dropped = 0
    private var deadline: Scheduled<Void>?

    init(lingerTime: TimeAmount = .seconds(5), lingerBytes: Int = 8 * 1024 * 1024) {
        self.lingerTime = lingerTime
        self.lingerBytes = lingerBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if lingering {
            if case .body(let buffer) = part {
                dropped += buffer.readableBytes
                if dropped > lingerBytes { context.close(promise: nil) }
            }
            return
        }
        switch part {
        case .head(let request):
            headsRead += 1
            if closingRequest == nil, Self.asksToClose(request.headerFields) { closingRequest = headsRead }
        case .body: break
        case .end: endsRead += 1
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
        // Nothing above reads for a closing connection: keep reading until the client's end.
        if lingering { context.read() }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where response.status.kind != .informational:
            answersBegun += 1
            let requestUnfinished = endsRead < answersBegun
            closeAfterAnswer = requestUnfinished || closingRequest.map { $0 <= answersBegun } ?? false
            if requestUnfinished {
                response.headerFields[.connection] = "close"
                context.write(wrapOutboundOut(.head(response)), promise: promise)
                return
            }
            context.write(data, promise: promise)
        case .end:
            context.write(data, promise: promise)
            if closeAfterAnswer { linger(context) }
        default:
            context.write(data, promise: promise)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if lingering, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if lingering { context.close(promise: nil) }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    /// Shuts the output once the answer is out, reads and drops what comes until the client's
    /// end, ``lingerBytes`` or ``lingerTime``, then closes.
    private func linger(_ context: ChannelHandlerContext) {
        guard !lingering else { return }
        lingering = true
        context.flush()
        context.close(mode: .output, promise: nil)
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: lingerTime) {
            context.close(promise: nil)
        }
        context.read()
    }

    /// True when the `Connection` field holds the `close` option.
    static func asksToClose(_ fields: HTTPFields) -> Bool {
        fields[values: .connection].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }
        }
    }
}
