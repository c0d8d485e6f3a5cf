import Fetch
import Testing

/// Parsing the s3, smb, nfs and file URLs of sources, imports and mirrors.
struct RemoteLocationTests {
    @Test func parsesEachSchemeIntoItsParts() throws {
        let s3 = try RemoteLocation(parsing: "s3://iso-bucket/ubuntu/ubuntu-24.04.iso")
        #expect(s3.scheme == .s3 && s3.host == "iso-bucket" && s3.path == "/ubuntu/ubuntu-24.04.iso")
        #expect(s3.name == "ubuntu-24.04.iso" && !s3.isFolder)

        let smb = try RemoteLocation(parsing: "smb://builder@files.example:4450/isos/linux/")
        #expect(smb.scheme == .smb && smb.user == "builder" && smb.host == "files.example" && smb.port == 4450)
        #expect(smb.path == "/isos/linux/" && smb.isFolder)

        let nfs = try RemoteLocation(parsing: "nfs://filer/export/isos/a.iso?version=4&nfsport=2049")
        #expect(nfs.scheme == .nfs && nfs.query == "version=4&nfsport=2049")
        #expect(nfs.description == "nfs://filer/export/isos/a.iso?version=4&nfsport=2049")

        let file = try RemoteLocation(parsing: "file:///mnt/efs/isos/")
        #expect(file.scheme == .file && file.host.isEmpty && file.path == "/mnt/efs/isos/")
    }

    @Test func folderArithmeticKeepsServerAndArguments() throws {
        let folder = try RemoteLocation(parsing: "nfs://filer:2049/export/isos?nfsport=2049")
        let file = folder.appending("debian/debian 12.iso")
        #expect(file.path == "/export/isos/debian/debian 12.iso")
        #expect(file.query == "nfsport=2049" && file.port == 2049)
        #expect(file.parentFolder.path == "/export/isos/debian/")
        #expect(file.description == "nfs://filer:2049/export/isos/debian/debian%2012.iso?nfsport=2049")
        #expect(try RemoteLocation(parsing: file.description) == file)
    }

    @Test(arguments: [
        ("https://example.com/a.iso", "is not an s3://, smb://, nfs:// or file:// URL"),
        ("smb://user:secret@host/share/a.iso", "carries a password"),
        ("smb://host/", "names no share"),
        ("nfs://host", "names no export"),
        ("s3:///key", "names no bucket"),
        ("file://server/share/a.iso", "needs an absolute path"),
    ])
    func refusesWhatItCannotUse(text: String, reason: String) {
        #expect(throws: FetchError.self) { try RemoteLocation(parsing: text) }
        do {
            _ = try RemoteLocation(parsing: text)
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(!error.message.contains("secret"))
        }
    }
}
