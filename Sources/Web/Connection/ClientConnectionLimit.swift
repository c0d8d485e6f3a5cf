import NIOCore
import NIOHTTPTypes

/// Closes a new connection at once when its client already holds its share of connections
/// (``ClientConnectionCounts/limit``): idle or slowloris connections from one address cannot take
/// every slot of the server's connection cap (issue 15, item 3).
final class ClientConnectionLimit: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart

    let counts: ClientConnectionCounts
    private var checked = false

    init(counts: ClientConnectionCounts) {
        self.counts = counts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { _ = admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if admit(context) { context.fireChannelActive() }
    }

    /// Counts the connection once; closes it and answers false when its client is over the limit.
    private func admit(_ context: ChannelHandlerContext) -> Bool {
        guard !checked else { return true }
        checked = true
        guard let client = ClientConnectionCounts.key(of: context.channel.remoteAddress) else { return true }
        guard counts.admit(client) else {
            context.close(promise: nil)
            return false
        }
        context.channel.closeFuture.whenComplete { [counts] _ in counts.release(client) }
        return true
    }
}
