/// The SMB user and password (`smb.user`, `smb.password_file`). Never printed: the password is
/// redacted from every description.
public struct SMBCredentials: Sendable, Hashable, CustomStringConvertible {
    public var user: String?
    public var password: String?
    /// The workgroup or domain; `WORKGROUP` when unset.
    public var workgroup: String?

    public init(user: String? = nil, password: String? = nil, workgroup: String? = nil) {
        self.user = user
        self.password = password
        self.workgroup = workgroup
    }

    public var description: String {
        "SMBCredentials(user: \(user ?? "guest"), password \(password == nil ? "unset" : "redacted"))"
    }
}
