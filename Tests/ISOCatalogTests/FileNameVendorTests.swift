import ISOCatalog
import Testing

/// Real file names as the vendors publish them beside the big distributions: enterprise rebuilds
/// and streams, live and rescue media, and the vendors' words for architectures.
struct FileNameVendorTests {
    /// `(input, family, name, flavor, major, minor, patch, arch)`.
    static let table: [(String, String, String, String, String, String?, String?, String?)] = [
        // Enterprise rebuilds and streams
        ("Rocky-9.4-x86_64-dvd.iso", "Linux", "Rocky Linux", "DVD", "9", "4", nil, "x86_64"),
        ("Rocky-9.4-aarch64-minimal.iso", "Linux", "Rocky Linux", "Minimal", "9", "4", nil, "aarch64"),
        ("Rocky-8.10-x86_64-boot.iso", "Linux", "Rocky Linux", "Boot", "8", "10", nil, "x86_64"),
        ("Rocky-9.4-ppc64le-dvd.iso", "Linux", "Rocky Linux", "DVD", "9", "4", nil, "ppc64le"),
        ("Rocky-9.4-s390x-dvd.iso", "Linux", "Rocky Linux", "DVD", "9", "4", nil, "s390x"),
        ("Rocky-8.9-x86_64-dvd1.iso", "Linux", "Rocky Linux", "DVD", "8", "9", nil, "x86_64"),
        ("AlmaLinux-9.4-x86_64-boot.iso", "Linux", "AlmaLinux", "Boot", "9", "4", nil, "x86_64"),
        ("AlmaLinux-9.4-aarch64-dvd.iso", "Linux", "AlmaLinux", "DVD", "9", "4", nil, "aarch64"),
        ("AlmaLinux-10.0-x86_64_v2-dvd.iso", "Linux", "AlmaLinux", "DVD", "10", "0", nil, "x86_64_v2"),
        ("AlmaLinux-9.4-s390x-minimal.iso", "Linux", "AlmaLinux", "Minimal", "9", "4", nil, "s390x"),
        ("CentOS-Stream-9-20240527.0-x86_64-dvd1.iso", "Linux", "CentOS Stream", "DVD", "9", "20240527", "0", "x86_64"),
        (
            "CentOS-Stream-10-20241209.0-aarch64-boot.iso", "Linux", "CentOS Stream", "Boot", "10", "20241209", "0",
            "aarch64"
        ),
        ("CentOS-Stream-8-x86_64-20210120-dvd1.iso", "Linux", "CentOS Stream", "DVD", "8", "20210120", nil, "x86_64"),
        ("CentOS-Stream-8-20240603.0-x86_64-dvd1.iso", "Linux", "CentOS Stream", "DVD", "8", "20240603", "0", "x86_64"),
        ("OracleLinux-R9-U4-x86_64-dvd.iso", "Linux", "Oracle Linux", "DVD", "9", "4", nil, "x86_64"),
        ("OracleLinux-R8-U10-x86_64-boot-uek.iso", "Linux", "Oracle Linux", "Boot UEK", "8", "10", nil, "x86_64"),
        ("OracleLinux-R9-U4-aarch64-dvd.iso", "Linux", "Oracle Linux", "DVD", "9", "4", nil, "aarch64"),
        ("OracleLinux-R8-U9-x86_64-boot.iso", "Linux", "Oracle Linux", "Boot", "8", "9", nil, "x86_64"),
        ("OracleLinux-R7-U9-Server-x86_64-dvd.iso", "Linux", "Oracle Linux", "Server DVD", "7", "9", nil, "x86_64"),
        ("rhel-9.4-x86_64-dvd.iso", "Linux", "RHEL", "DVD", "9", "4", nil, "x86_64"),
        ("rhel-8.10-aarch64-boot.iso", "Linux", "RHEL", "Boot", "8", "10", nil, "aarch64"),
        ("rhel-9.4-s390x-dvd.iso", "Linux", "RHEL", "DVD", "9", "4", nil, "s390x"),
        ("rhel-9.4-ppc64le-boot.iso", "Linux", "RHEL", "Boot", "9", "4", nil, "ppc64le"),
        ("SLE-15-SP6-Full-x86_64-GM-Media1.iso", "Linux", "SUSE Linux Enterprise", "Full", "15", "SP6", nil, "x86_64"),
        (
            "SLE-15-SP5-Online-aarch64-GM-Media1.iso", "Linux", "SUSE Linux Enterprise", "Online", "15", "SP5", nil,
            "aarch64"
        ),
        ("SLE-15-SP6-Full-s390x-GM-Media1.iso", "Linux", "SUSE Linux Enterprise", "Full", "15", "SP6", nil, "s390x"),
        (
            "SLE-12-SP5-Server-DVD-x86_64-GM-DVD1.iso", "Linux", "SUSE Linux Enterprise", "Server DVD", "12", "SP5",
            nil, "x86_64"
        ),
        ("openSUSE-Leap-15.6-DVD-x86_64-Media.iso", "Linux", "openSUSE Leap", "DVD", "15", "6", nil, "x86_64"),
        ("openSUSE-Leap-15.6-NET-aarch64-Media.iso", "Linux", "openSUSE Leap", "Network", "15", "6", nil, "aarch64"),
        (
            "openSUSE-Tumbleweed-NET-x86_64-Snapshot20240612-Media.iso", "Linux", "openSUSE Tumbleweed", "Network",
            "20240612", nil, nil, "x86_64"
        ),
        (
            "openSUSE-Tumbleweed-GNOME-Live-x86_64-Snapshot20240612-Media.iso", "Linux", "openSUSE Tumbleweed",
            "GNOME Live", "20240612", nil, nil, "x86_64"
        ),
        (
            "openSUSE-Tumbleweed-DVD-aarch64-Snapshot20240612-Media.iso", "Linux", "openSUSE Tumbleweed", "DVD",
            "20240612", nil, nil, "aarch64"
        ),
        // Live and rescue media
        ("systemrescue-11.01-amd64.iso", "Linux", "SystemRescue", "Live", "11", "01", nil, "amd64"),
        ("systemrescue-10.02-amd64.iso", "Linux", "SystemRescue", "Live", "10", "02", nil, "amd64"),
        ("clonezilla-live-3.1.2-22-amd64.iso", "Linux", "Clonezilla", "Stable", "3", "1", "2-22", "amd64"),
        ("clonezilla-live-3.1.2-22-i686-pae.iso", "Linux", "Clonezilla", "Stable", "3", "1", "2-22", "i686-pae"),
        (
            "clonezilla-live-20240301-noble-amd64.iso", "Linux", "Clonezilla", "Alternative", "20240301", nil, nil,
            "amd64"
        ),
        ("gparted-live-1.6.0-10-amd64.iso", "Linux", "GParted", "Live", "1", "6", "0-10", "amd64"),
        ("gparted-live-1.6.0-10-i686.iso", "Linux", "GParted", "Live", "1", "6", "0-10", "i686"),
        ("kali-linux-2024.2-live-amd64.iso", "Linux", "Kali Linux", "Live", "2024", "2", nil, "amd64"),
        ("kali-linux-2024.2-installer-arm64.iso", "Linux", "Kali Linux", "Installer", "2024", "2", nil, "arm64"),
        (
            "kali-linux-2024.2-live-everything-amd64.iso", "Linux", "Kali Linux", "Live Everything", "2024", "2", nil,
            "amd64"
        ),
        ("tails-amd64-6.4.iso", "Linux", "Tails", "Live", "6", "4", nil, "amd64"),
        ("tails-amd64-5.22.iso", "Linux", "Tails", "Live", "5", "22", nil, "amd64"),
        ("mt86plus_7.20_64.iso", "Tools", "Memtest86+", "Standard", "7", "20", nil, "x86_64"),
        ("mt86plus_7.00_64.grub.iso", "Tools", "Memtest86+", "GRUB", "7", "00", nil, "x86_64"),
        ("mt86plus_7.20_32.iso", "Tools", "Memtest86+", "Standard", "7", "20", nil, "i586"),
        ("mt86plus_7.20_x86_64.iso", "Tools", "Memtest86+", "Standard", "7", "20", nil, "x86_64"),
        // Vendors' words for architectures
        ("linuxmint-21.3-cinnamon-64bit.iso", "Linux", "Linux Mint", "Cinnamon", "21", "3", nil, "amd64"),
        ("linuxmint-22-xfce-64bit.iso", "Linux", "Linux Mint", "Xfce", "22", nil, nil, "amd64"),
        ("linuxmint-19.3-mate-32bit.iso", "Linux", "Linux Mint", "MATE", "19", "3", nil, "i386"),
        ("lmde-6-cinnamon-64bit.iso", "Linux", "LMDE", "Cinnamon", "6", nil, nil, "amd64"),
        ("ubuntu-22.04.4-live-server-s390x.iso", "Linux", "Ubuntu", "Server", "22", "04", "4", "s390x"),
        ("ubuntu-24.04-live-server-ppc64el.iso", "Linux", "Ubuntu", "Server", "24", "04", nil, "ppc64el"),
        ("debian-12.6.0-i386-netinst.iso", "Linux", "Debian", "Netinst", "12", "6", "0", "i386"),
        ("debian-12.6.0-ppc64el-netinst.iso", "Linux", "Debian", "Netinst", "12", "6", "0", "ppc64el"),
        ("debian-12.6.0-s390x-netinst.iso", "Linux", "Debian", "Netinst", "12", "6", "0", "s390x"),
        ("Fedora-Server-dvd-ppc64le-40-1.14.iso", "Linux", "Fedora", "Server", "40", "1", "14", "ppc64le"),
        ("Fedora-Server-dvd-s390x-40-1.14.iso", "Linux", "Fedora", "Server", "40", "1", "14", "s390x"),
        ("alpine-standard-3.20.0-ppc64le.iso", "Linux", "Alpine Linux", "Standard", "3", "20", "0", "ppc64le"),
        ("alpine-extended-3.20.0-x86.iso", "Linux", "Alpine Linux", "Extended", "3", "20", "0", "x86"),
        ("Win11_24H2_English_x64.iso", "Windows", "Windows 11", "English", "24H2", nil, nil, "x64"),
        ("archlinux-2024.06.01-x86_64.iso", "Linux", "Arch Linux", "Live", "2024", "06", "01", "x86_64"),
    ]

    @Test(arguments: table)
    func parses(
        input: String, family: String, name: String, flavor: String, major: String, minor: String?,
        patch: String?, arch: String?
    ) throws {
        let expected = ImageIdentity(
            family: family, name: name, flavor: flavor, version: Version(major: major, minor: minor, patch: patch),
            arch: arch)
        #expect(try FileNameParser.parse(input).get() == expected)
    }

    /// The identities placed by the default layout parse back to themselves (minus arch).
    @Test(arguments: table)
    func defaultLayoutPathsRoundTrip(
        input: String, family: String, name: String, flavor: String, major: String, minor: String?,
        patch: String?, arch: String?
    ) throws {
        var identity = try FileNameParser.parse(input).get()
        identity.arch = nil
        #expect(try FileNameParser.parse(try Layout.default.relativePath(for: identity)).get() == identity)
    }

    @Test func tableHoldsAtLeastFortyNames() {
        #expect(Self.table.count >= 40)
        #expect(Set(Self.table.map(\.0)).count == Self.table.count)
    }

    /// Names left to the operator: Ventoy (a tool, not an image source), moving "latest" links,
    /// and release candidates.
    static let refused = [
        "ventoy-1.0.99-livecd.iso", "Rocky-9-latest-x86_64-dvd.iso", "AlmaLinux-9-latest-x86_64-dvd.iso",
        "CentOS-Stream-9-latest-x86_64-dvd1.iso", "OracleLinux-R9-U4-x86_64-dvd-latest.iso",
        "SLE-15-SP6-Full-x86_64-Beta1-Media1.iso", "clonezilla-live-3.1.2-22-sparc.iso",
    ]

    @Test(arguments: refused)
    func refuses(input: String) {
        #expect(throws: FileNameParseError.self) { try FileNameParser.identity(of: input) }
    }

    /// `(input, family, name, flavor, version, arch)` of what a name the parser refuses still tells.
    static let guesses: [(String, String?, String?, String?, String?, String?)] = [
        ("Rocky-9-latest-x86_64-dvd.iso", "Linux", "Rocky Linux", "DVD", nil, "x86_64"),
        ("ubuntu-24.10-beta-live-server-amd64.iso", "Linux", "Ubuntu", "Server", "24.10", "amd64"),
        ("linuxmint-22-cinnamon-64bit-beta.iso", "Linux", "Linux Mint", "Cinnamon", nil, "amd64"),
        ("my-backup.iso", nil, nil, nil, nil, nil),
        ("holiday-2024.07.iso", nil, nil, nil, "2024.07", nil),
        ("ventoy-1.0.99-livecd.iso", nil, nil, nil, "1.0.99", nil),
    ]

    @Test(arguments: guesses)
    func guessesWhatItCan(
        input: String, family: String?, name: String?, flavor: String?, version: String?, arch: String?
    ) {
        #expect(throws: FileNameParseError.self) { try FileNameParser.identity(of: input) }
        let guess = FileNameParser.guess(input)
        #expect(guess.family == family)
        #expect(guess.name == name)
        #expect(guess.flavor == flavor)
        #expect(guess.version?.description == version)
        #expect(guess.arch == arch)
    }

    @Test func theSummarySaysWhatWasFoundAndWhatIsMissing() {
        #expect(
            FileNameParser.guess("Rocky-9-latest-x86_64-dvd.iso").summary
                == "recognised name Rocky Linux (Linux), flavor DVD, arch x86_64; missing version")
        #expect(
            FileNameParser.guess("ubuntu-24.10-beta-live-server-amd64.iso").summary
                == "recognised name Ubuntu (Linux), flavor Server, version 24.10, arch amd64; "
                + "but no naming pattern of Ubuntu matches the whole name")
        #expect(
            FileNameParser.guess("my-backup.iso").summary
                == "no known distribution name, flavour, version or architecture in it")
    }
}
