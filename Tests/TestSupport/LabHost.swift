/// One host of a ``NetworkLab``: a network namespace with one address on the lab's bridge.
public struct LabHost: Sendable, Hashable {
    /// The namespace's name (`ip netns exec NAMESPACE …`).
    public let namespace: String
    /// Its IPv4 address on the bridge (`eth0`), e.g. `10.66.1.3`.
    public let address: String
    /// Its position in the lab, from 0.
    public let index: Int
}
