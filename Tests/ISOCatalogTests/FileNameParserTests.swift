import ISOCatalog
import Testing

struct FileNameParserTests {
    /// `(input, family, name, flavor, version, arch)`; version as dotted text.
    static let table: [(String, String, String, String, String, String?)] = [
        // Ubuntu and flavours
        ("ubuntu-22.04.3-live-server-amd64.iso", "Linux", "Ubuntu", "Server", "22.04.3", "amd64"),
        ("ubuntu-24.04-live-server-arm64.iso", "Linux", "Ubuntu", "Server", "24.04", "arm64"),
        ("ubuntu-22.04.3-desktop-amd64.iso", "Linux", "Ubuntu", "Desktop", "22.04.3", "amd64"),
        ("ubuntu-18.04.6-server-amd64.iso", "Linux", "Ubuntu", "Server Alternate", "18.04.6", "amd64"),
        ("ubuntu-20.04.1-legacy-server-amd64.iso", "Linux", "Ubuntu", "Legacy Server", "20.04.1", "amd64"),
        ("kubuntu-22.04.3-desktop-amd64.iso", "Linux", "Kubuntu", "Desktop", "22.04.3", "amd64"),
        ("xubuntu-24.04-desktop-amd64.iso", "Linux", "Xubuntu", "Desktop", "24.04", "amd64"),
        ("lubuntu-23.10-desktop-amd64.iso", "Linux", "Lubuntu", "Desktop", "23.10", "amd64"),
        ("ubuntu-mate-22.04.4-desktop-amd64.iso", "Linux", "Ubuntu MATE", "Desktop", "22.04.4", "amd64"),
        ("ubuntustudio-22.04-dvd-amd64.iso", "Linux", "Ubuntu Studio", "DVD", "22.04", "amd64"),
        // Debian
        ("debian-12.5.0-amd64-netinst.iso", "Linux", "Debian", "Netinst", "12.5.0", "amd64"),
        ("debian-12.5.0-arm64-netinst.iso", "Linux", "Debian", "Netinst", "12.5.0", "arm64"),
        ("debian-12.5.0-amd64-DVD-1.iso", "Linux", "Debian", "DVD", "12.5.0", "amd64"),
        ("debian-12.5.0-amd64-DVD-2.iso", "Linux", "Debian", "DVD-2", "12.5.0", "amd64"),
        ("debian-live-12.5.0-amd64-gnome.iso", "Linux", "Debian", "Live GNOME", "12.5.0", "amd64"),
        ("debian-live-12.5.0-amd64-kde.iso", "Linux", "Debian", "Live KDE", "12.5.0", "amd64"),
        ("debian-edu-12.5.0-amd64-netinst.iso", "Linux", "Debian Edu", "Netinst", "12.5.0", "amd64"),
        // Fedora
        ("Fedora-Workstation-Live-x86_64-39-1.5.iso", "Linux", "Fedora", "Workstation", "39.1.5", "x86_64"),
        ("Fedora-Server-dvd-x86_64-39-1.5.iso", "Linux", "Fedora", "Server", "39.1.5", "x86_64"),
        ("Fedora-Server-netinst-aarch64-40-1.14.iso", "Linux", "Fedora", "Server Netinst", "40.1.14", "aarch64"),
        ("Fedora-Everything-netinst-x86_64-39-1.5.iso", "Linux", "Fedora", "Everything", "39.1.5", "x86_64"),
        ("Fedora-KDE-Live-x86_64-40-1.14.iso", "Linux", "Fedora", "KDE", "40.1.14", "x86_64"),
        ("Fedora-Workstation-Live-42-1.1.x86_64.iso", "Linux", "Fedora", "Workstation", "42.1.1", "x86_64"),
        // Enterprise Linux
        ("Rocky-9.3-x86_64-dvd.iso", "Linux", "Rocky Linux", "DVD", "9.3", "x86_64"),
        ("Rocky-8.9-x86_64-minimal.iso", "Linux", "Rocky Linux", "Minimal", "8.9", "x86_64"),
        ("Rocky-9.3-aarch64-boot.iso", "Linux", "Rocky Linux", "Boot", "9.3", "aarch64"),
        ("AlmaLinux-9.3-x86_64-dvd.iso", "Linux", "AlmaLinux", "DVD", "9.3", "x86_64"),
        ("AlmaLinux-8.9-x86_64-minimal.iso", "Linux", "AlmaLinux", "Minimal", "8.9", "x86_64"),
        ("CentOS-Stream-9-20240101.0-x86_64-dvd1.iso", "Linux", "CentOS Stream", "DVD", "9.20240101.0", "x86_64"),
        ("CentOS-7-x86_64-DVD-2009.iso", "Linux", "CentOS", "DVD", "7.2009", "x86_64"),
        ("CentOS-8.5.2111-x86_64-dvd1.iso", "Linux", "CentOS", "DVD", "8.5.2111", "x86_64"),
        ("rhel-9.3-x86_64-dvd.iso", "Linux", "RHEL", "DVD", "9.3", "x86_64"),
        ("rhel-8.9-x86_64-boot.iso", "Linux", "RHEL", "Boot", "8.9", "x86_64"),
        ("rhel-server-7.9-x86_64-dvd.iso", "Linux", "RHEL", "Server DVD", "7.9", "x86_64"),
        // openSUSE
        ("openSUSE-Leap-15.5-DVD-x86_64-Media.iso", "Linux", "openSUSE Leap", "DVD", "15.5", "x86_64"),
        ("openSUSE-Leap-15.5-NET-x86_64-Build491.1-Media.iso", "Linux", "openSUSE Leap", "Network", "15.5", "x86_64"),
        (
            "openSUSE-Tumbleweed-DVD-x86_64-Snapshot20240101-Media.iso", "Linux", "openSUSE Tumbleweed", "DVD",
            "20240101", "x86_64"
        ),
        (
            "openSUSE-Tumbleweed-KDE-Live-x86_64-Snapshot20240105-Media.iso", "Linux", "openSUSE Tumbleweed",
            "KDE Live", "20240105", "x86_64"
        ),
        // Others
        ("archlinux-2024.01.01-x86_64.iso", "Linux", "Arch Linux", "Live", "2024.01.01", "x86_64"),
        ("manjaro-kde-23.1.3-240113-linux66.iso", "Linux", "Manjaro", "KDE", "23.1.3", nil),
        ("manjaro-xfce-23.1.3-minimal-240113-linux66.iso", "Linux", "Manjaro", "Xfce Minimal", "23.1.3", nil),
        ("linuxmint-21.3-cinnamon-64bit.iso", "Linux", "Linux Mint", "Cinnamon", "21.3", "amd64"),
        ("linuxmint-21.3-xfce-64bit-edge.iso", "Linux", "Linux Mint", "Xfce Edge", "21.3", "amd64"),
        ("lmde-6-cinnamon-64bit.iso", "Linux", "LMDE", "Cinnamon", "6", "amd64"),
        ("pop-os_22.04_amd64_intel_37.iso", "Linux", "Pop!_OS", "Intel", "22.04.37", "amd64"),
        ("pop-os_22.04_amd64_nvidia_37.iso", "Linux", "Pop!_OS", "NVIDIA", "22.04.37", "amd64"),
        ("elementaryos-7.1-stable.20231129rc.iso", "Linux", "elementary OS", "Stable", "7.1.20231129", nil),
        ("kali-linux-2024.1-installer-amd64.iso", "Linux", "Kali Linux", "Installer", "2024.1", "amd64"),
        ("kali-linux-2024.1-live-arm64.iso", "Linux", "Kali Linux", "Live", "2024.1", "arm64"),
        ("kali-linux-2024.1-installer-netinst-amd64.iso", "Linux", "Kali Linux", "Netinst", "2024.1", "amd64"),
        ("alpine-standard-3.19.1-x86_64.iso", "Linux", "Alpine Linux", "Standard", "3.19.1", "x86_64"),
        ("alpine-virt-3.19.1-aarch64.iso", "Linux", "Alpine Linux", "Virt", "3.19.1", "aarch64"),
        ("proxmox-ve_8.1-1.iso", "Linux", "Proxmox VE", "Installer", "8.1.1", nil),
        ("proxmox-backup-server_3.1-1.iso", "Linux", "Proxmox Backup Server", "Installer", "3.1.1", nil),
        ("TrueNAS-SCALE-23.10.2.iso", "Linux", "TrueNAS SCALE", "Installer", "23.10.2", nil),
        // BSD
        ("FreeBSD-14.0-RELEASE-amd64-disc1.iso", "BSD", "FreeBSD", "Disc1", "14.0", "amd64"),
        ("FreeBSD-13.2-RELEASE-amd64-dvd1.iso", "BSD", "FreeBSD", "DVD", "13.2", "amd64"),
        ("FreeBSD-14.0-RELEASE-arm64-aarch64-bootonly.iso", "BSD", "FreeBSD", "Bootonly", "14.0", "arm64-aarch64"),
        ("install74.iso", "BSD", "OpenBSD", "Install", "7.4", nil),
        ("cd74.iso", "BSD", "OpenBSD", "CD", "7.4", nil),
        ("NetBSD-10.0-amd64.iso", "BSD", "NetBSD", "Install", "10.0", "amd64"),
        ("NetBSD-9.3-amd64-bootcd.iso", "BSD", "NetBSD", "Boot CD", "9.3", "amd64"),
        ("TrueNAS-13.0-U6.1.iso", "BSD", "TrueNAS CORE", "Installer", "13.0-U6.1", nil),
        // Windows
        ("Win11_23H2_English_x64v2.iso", "Windows", "Windows 11", "English", "23H2", "x64"),
        ("Win11_22H2_EnglishInternational_x64v1.iso", "Windows", "Windows 11", "EnglishInternational", "22H2", "x64"),
        ("Win10_22H2_English_x64v1.iso", "Windows", "Windows 10", "English", "22H2", "x64"),
        ("Win10_22H2_German_x32.iso", "Windows", "Windows 10", "German", "22H2", "x32"),
        ("Win11_24H2_English_Arm64.iso", "Windows", "Windows 11", "English", "24H2", "Arm64"),
        (
            "17763.737.190906-2324.rs5_release_svc_refresh_SERVER_EVAL_x64FRE_en-us_1.iso",
            "Windows", "Windows Server", "Evaluation en-us", "2019.17763.737", "x64"
        ),
        (
            "20348.169.210806-2348.fe_release_svc_refresh_SERVER_EVAL_x64FRE_en-us.iso",
            "Windows", "Windows Server", "Evaluation en-us", "2022.20348.169", "x64"
        ),
        (
            "26100.1742.240906-0331.ge_release_svc_refresh_SERVER_EVAL_x64FRE_en-us.iso",
            "Windows", "Windows Server", "Evaluation en-us", "2025.26100.1742", "x64"
        ),
        (
            "14393.0.161119-1705.RS1_REFRESH_SERVER_EVAL_X64FRE_EN-US.ISO",
            "Windows", "Windows Server", "Evaluation en-us", "2016.14393.0", "x64"
        ),
        (
            "en-us_windows_11_consumer_editions_version_23h2_x64_dvd_8ea907fb.iso",
            "Windows", "Windows 11", "Consumer en-us", "23H2", "x64"
        ),
        (
            "en-us_windows_11_business_editions_version_23h2_updated_jan_2024_x64_dvd_b2bf6d4e.iso",
            "Windows", "Windows 11", "Business en-us", "23H2.2024-01", "x64"
        ),
        (
            "de-de_windows_10_consumer_editions_version_22h2_x64_dvd_8da72ab3.iso",
            "Windows", "Windows 10", "Consumer de-de", "22H2", "x64"
        ),
        (
            "en-us_windows_server_2022_updated_oct_2023_x64_dvd_63dab61a.iso",
            "Windows", "Windows Server", "DVD en-us", "2022.2023-10", "x64"
        ),
        ("en-us_windows_server_2025_x64_dvd_b7ec10f3.iso", "Windows", "Windows Server", "DVD en-us", "2025", "x64"),
        ("en_windows_server_2019_x64_dvd_4cb967d8.iso", "Windows", "Windows Server", "DVD en", "2019", "x64"),
        // Paths: a publisher name under any directory; the default layout, exactly
        ("/srv/isos/incoming/debian-12.5.0-amd64-netinst.iso", "Linux", "Debian", "Netinst", "12.5.0", "amd64"),
        ("Linux/Ubuntu - Server/ubuntu.server-22.04.3.iso", "Linux", "Ubuntu", "Server", "22.04.3", nil),
        ("Windows/Windows 11 - Pro/windows 11.pro-23H2.iso", "Windows", "Windows 11", "Pro", "23H2", nil),
        ("repo/Linux/Debian - Live GNOME/debian.live gnome-12.5.0.iso", "Linux", "Debian", "Live GNOME", "12.5.0", nil),
        ("Lab/MyOS - Edge - Nightly/myos - edge.nightly-1.2.iso", "Lab", "MyOS - Edge", "Nightly", "1.2", nil),
        ("Linux/Rocky Linux - DVD/rocky linux.dvd-9.3.iso", "Linux", "Rocky Linux", "DVD", "9.3", nil),
        // Bare default-layout file names of known distributions
        ("ubuntu.server-22.04.3.iso", "Linux", "Ubuntu", "Server", "22.04.3", nil),
        ("debian.netinst-12.5.0.iso", "Linux", "Debian", "Netinst", "12.5.0", nil),
        ("fedora.workstation-39.1.5.iso", "Linux", "Fedora", "Workstation", "39.1.5", nil),
        ("windows 11.english-23H2.iso", "Windows", "Windows 11", "English", "23H2", nil),
        ("freebsd.disc1-14.0.iso", "BSD", "FreeBSD", "Disc1", "14.0", nil),
        // Directory and file name disagree: the file name wins
        ("Linux/Ubuntu - Server/ubuntu.desktop-22.04.3.iso", "Linux", "Ubuntu", "Desktop", "22.04.3", nil),
    ]

    @Test(arguments: table)
    func parses(input: String, family: String, name: String, flavor: String, version: String, arch: String?) throws {
        let identity = try FileNameParser.parse(input).get()
        let parts = version.split(separator: ".").map(String.init)
        let expected = ImageIdentity(
            family: family, name: name, flavor: flavor,
            version: Version(
                major: parts[0], minor: parts.count > 1 ? parts[1] : nil, patch: parts.count > 2 ? parts[2] : nil),
            arch: arch)
        #expect(identity == expected)
    }

    static let refused: [(String, FileNameParseError.Code)] = [
        ("", .empty),
        ("   ", .empty),
        ("README.txt", .notISO),
        ("ubuntu-22.04.3-live-server-amd64.iso.torrent", .notISO),
        ("Linux/Ubuntu - Server/", .notISO),
        ("Windows.iso", .unrecognised),
        ("my-backup.iso", .unrecognised),
        ("ubuntu.iso", .unrecognised),
        ("Rocky-9-latest-x86_64-dvd.iso", .unrecognised),
        ("openSUSE-Tumbleweed-DVD-x86_64-Current.iso", .unrecognised),
        ("FreeBSD-14.1-RC1-amd64-disc1.iso", .unrecognised),
        ("SERVER_EVAL_x64FRE_en-us.iso", .unrecognised),
        ("99999.1.210806-2348.fe_release_SERVER_EVAL_x64FRE_en-us.iso", .unrecognised),
        ("ubuntu-22.04.3-live-server-sparc.iso", .unrecognised),
        ("TrueNAS-SCALE-24.04.2.3.iso", .unrecognised),
        ("Linux/Ubuntu - Server/ubuntu.server-.iso", .unrecognised),
        ("Linux/Ubuntu - Server/ubuntu.server-1.2.3.4.iso", .unrecognised),
        ("unknownos.server-1.0.iso", .unrecognised),
        ("en-us_windows_server_2022_updated_foo_2023_x64_dvd_63dab61a.iso", .unrecognised),
        ("en-us_windows_server_2012_x64_dvd_63dab61a.iso", .unrecognised),
        // Found by the file-name fuzzer (scripts/fuzz.sh): a bare layout name with an empty flavour,
        // and a control character inside a field.
        ("ubuntu. -proxmox mail gateway4.iso", .unrecognised),
        ("ubuntu. -%\u{0}proxmox mail gateway4.iso", .unrecognised),
        ("ubuntu.server-22.04\u{7}.iso", .unrecognised),
    ]

    @Test(arguments: refused)
    func refuses(input: String, code: FileNameParseError.Code) {
        switch FileNameParser.parse(input) {
        case .success(let identity):
            Issue.record("expected \(input) to be refused, got \(identity)")
        case .failure(let error):
            #expect(error.code == code)
            #expect(error.input == input)
            #expect(error.message.hasPrefix("cannot parse \"\(input)\": "))
        }
    }

    @Test func unrecognisedNamesSaySo() {
        #expect(
            throws: FileNameParseError(
                .unrecognised, input: "my-backup.iso",
                detail: "not a name of a known distribution or of the default layout")
        ) {
            try FileNameParser.identity(of: "my-backup.iso")
        }
        #expect(
            FileNameParseError(.notISO, input: "a.txt", detail: "not an .iso file name").message
                == #"cannot parse "a.txt": not an .iso file name"#)
    }

    /// Every identity the table yields, placed by the default layout, parses back to itself (minus arch).
    @Test(arguments: table)
    func defaultLayoutPathsRoundTrip(
        input: String, family: String, name: String, flavor: String, version: String, arch: String?
    ) throws {
        var identity = try FileNameParser.parse(input).get()
        identity.arch = nil
        let path = try Layout.default.relativePath(for: identity)
        #expect(try FileNameParser.parse(path).get() == identity)
    }
}
