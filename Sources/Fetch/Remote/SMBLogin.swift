import CSMBClient

/// The user, password and workgroup the auth callback reads back through the context's user
/// data. Immutable, so reading it from the callback (inside the session's lock) is safe.
final class SMBLogin {
    let user: String
    let password: String
    let workgroup: String

    init(user: String, password: String, workgroup: String) {
        self.user = user
        self.password = password
        self.workgroup = workgroup
    }
}

/// libsmbclient's auth callback: fills the workgroup, user and password buffers from the
/// context's ``SMBLogin``. Non-capturing, so it converts to a C function pointer.
func smbAuthenticate(
    _ context: UnsafeMutablePointer<SMBCCTX>?, _ server: UnsafePointer<CChar>?, _ share: UnsafePointer<CChar>?,
    _ workgroup: UnsafeMutablePointer<CChar>?, _ workgroupLength: Int32, _ user: UnsafeMutablePointer<CChar>?,
    _ userLength: Int32, _ password: UnsafeMutablePointer<CChar>?, _ passwordLength: Int32
) {
    guard let context, let data = smbc_getOptionUserData(context) else { return }
    let login = Unmanaged<SMBLogin>.fromOpaque(data).takeUnretainedValue()
    fill(workgroup, workgroupLength, login.workgroup)
    fill(user, userLength, login.user)
    fill(password, passwordLength, login.password)
}

/// Copies `text` into the C buffer `destination` of `length` bytes, always NUL-terminated (the
/// callback's buffers hold libsmbclient's defaults).
private func fill(_ destination: UnsafeMutablePointer<CChar>?, _ length: Int32, _ text: String) {
    guard let destination, length > 0 else { return }
    let bytes = Array(text.utf8.prefix(Int(length) - 1))
    for (index, byte) in bytes.enumerated() { destination[index] = CChar(bitPattern: byte) }
    destination[bytes.count] = 0
}
