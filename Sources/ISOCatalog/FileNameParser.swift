/// Guesses an image's identity from a file name or a path relative to the repository (design §8
/// `parse-name`; `scan` and `add` use it too). A name it does not know is an error, never a guess.
///
/// Recognised, in this order:
/// 1. A path made by the default layout, `{family}/{name} - {flavor}/{name_lower}.{flavor_lower}-{version}.iso`:
///    the exact identity, case included (no arch).
/// 2. The publisher's own names, matched case-insensitively on the last path component:
///
/// | family | names | flavours |
/// |---|---|---|
/// | Linux | Ubuntu, Kubuntu, Xubuntu, Lubuntu, Ubuntu MATE, Ubuntu Budgie, Ubuntu Studio, Ubuntu Unity, Ubuntu Kylin, Edubuntu | Server (`live-server`), Server Alternate (`server`), Legacy Server, Desktop, Desktop Legacy, DVD |
/// | Linux | Debian, Debian Edu | Netinst, DVD, DVD-2…, BD, CD, Live GNOME/KDE/Xfce/LXDE/LXQt/MATE/Cinnamon/Standard |
/// | Linux | Fedora (version `RELEASE.COMPOSE.RESPIN`, e.g. 39.1.5) | Workstation, Server, Server Netinst, Everything, KDE, Xfce, … Silverblue, Kinoite, IoT |
/// | Linux | Rocky Linux, AlmaLinux, RHEL, CentOS, CentOS Stream (`9.20240101.0`, early 8: `8.20210120`) | DVD, Minimal, Boot (RHEL 7: Server DVD…) |
/// | Linux | Oracle Linux (`R9-U4` → 9.4) | DVD, Boot, Boot UEK (7: Server DVD) |
/// | Linux | SUSE Linux Enterprise (`15-SP6` → 15.SP6) | Full, Online (12: Server DVD) |
/// | Linux | openSUSE Leap, openSUSE Tumbleweed (version = snapshot date) | DVD, Network, GNOME Live, KDE Live, Xfce Live, Rescue CD |
/// | Linux | Arch Linux | Live |
/// | Linux | Manjaro | KDE, Xfce, GNOME, … and "… Minimal" |
/// | Linux | Linux Mint, LMDE (arch `64bit` → amd64, `32bit` → i386) | Cinnamon, MATE, Xfce, "… Edge" |
/// | Linux | Pop!_OS (version `22.04.BUILD`) | Intel, NVIDIA, Generic |
/// | Linux | elementary OS (version `7.1.STAMP`) | Stable |
/// | Linux | Kali Linux | Installer, Netinst, Everything, Purple, Live, Live Everything |
/// | Linux | Alpine Linux | Standard, Extended, Virt, Xen |
/// | Linux | Proxmox VE, Proxmox Backup Server, Proxmox Mail Gateway (`8.1-1` → 8.1.1) | Installer |
/// | Linux | TrueNAS SCALE | Installer |
/// | Linux | SystemRescue, Tails | Live |
/// | Linux | Clonezilla (`3.1.2-22` → 3 / 1 / 2-22; alternative by date) | Stable, Alternative |
/// | Linux | GParted (`1.6.0-10` → 1 / 6 / 0-10) | Live |
/// | Tools | Memtest86+ (arch `64` → x86_64, `32` → i586) | Standard, GRUB |
/// | BSD | FreeBSD (RELEASE only) | Disc1, DVD, Bootonly |
/// | BSD | OpenBSD (`install74.iso` → 7.4) | Install, CD |
/// | BSD | NetBSD | Install, Boot CD |
/// | BSD | TrueNAS CORE (`13.0-U6.1` → 13 / 0-U6 / 1) | Installer |
/// | Windows | Windows 10, Windows 11 (version `23H2`) | the language as written (`English`, `EnglishInternational`) |
/// | Windows | Windows 10, Windows 11, subscription names (`…_updated_jan_2024_…` → minor `2024-01`) | Consumer `en-us`, Business `en-us` |
/// | Windows | Windows Server (version `YEAR.BUILD.REVISION`, 2016/2019/2022/2025 evaluation builds) | Evaluation `en-us` |
/// | Windows | Windows Server subscription names (version `YEAR`, refresh as minor `2023-10`) | DVD `en-us` |
///
/// 3. A bare file name made by the default layout (`ubuntu.server-22.04.3.iso`) whose name is one of
///    the names above; the flavour is then the canonical one when known, else capitalised word by word.
///
/// Architectures are kept as the publisher writes them (`amd64`, `x86_64`, `x86_64_v2`, `aarch64`,
/// `arm64`, `i386`, `i686`, `ppc64le`, `ppc64el`, `s390x`, `x64`), so a scanned file matches the
/// manifest entry of the same publisher; only words that are no architecture name become one
/// (Linux Mint's `64bit`/`32bit`, Memtest86+'s `64`/`32`). Ventoy is not recognised (see
/// `FileNameRule.live`).
public enum FileNameParser {
    /// The identity for `input` (a file name or a relative path), or why there is none.
    public static func parse(_ input: String) -> Result<ImageIdentity, FileNameParseError> {
        let trimmed = input.trimmingSpaces
        guard !trimmed.isEmpty else {
            return .failure(FileNameParseError(.empty, input: input, detail: "the name is empty"))
        }
        let segments = trimmed.split(separator: "/").map(String.init)
        guard let leaf = segments.last, leaf.lowercased().hasSuffix(".iso") else {
            return .failure(FileNameParseError(.notISO, input: input, detail: "not an .iso file name"))
        }
        if segments.count >= 3,
            let identity = usable(
                layoutPath(family: segments[segments.count - 3], directory: segments[segments.count - 2], leaf: leaf))
        {
            return .success(identity)
        }
        for rule in rules {
            if let identity = usable(rule.apply(to: leaf)) { return .success(identity) }
        }
        if let identity = usable(layoutLeaf(leaf)) { return .success(identity) }
        return .failure(
            FileNameParseError(
                .unrecognised, input: input, detail: "not a name of a known distribution or of the default layout"))
    }

    /// Throwing twin of `parse(_:)`.
    public static func identity(of input: String) throws(FileNameParseError) -> ImageIdentity {
        try parse(input).get()
    }

    /// `identity` when every field is one an operator could have typed (``IdentityFields``): a
    /// pattern that matched but left a field empty or with a control character is no match.
    private static func usable(_ identity: ImageIdentity?) -> ImageIdentity? {
        guard let identity, IdentityFields.problem(with: identity) == nil else { return nil }
        return identity
    }

    static let rules: [FileNameRule] =
        FileNameRule.linux + FileNameRule.live + FileNameRule.bsd + FileNameRule.windows

    /// `Linux` + `Ubuntu - Server` + `ubuntu.server-22.04.3.iso`.
    private static func layoutPath(family: String, directory: String, leaf: String) -> ImageIdentity? {
        let parts = directory.split(separator: " - ", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        // A name or flavour may itself contain " - ": try every split, keep the one the leaf confirms.
        for cut in 1..<parts.count {
            let name = parts[..<cut].joined(separator: " - ")
            let flavor = parts[cut...].joined(separator: " - ")
            let prefix = "\(name.lowercased()).\(flavor.lowercased())-"
            guard leaf.hasPrefix(prefix), leaf.hasSuffix(".iso") else { continue }
            let versionText = String(leaf.dropFirst(prefix.count).dropLast(4))
            guard let version = FileNameRule.dotted(versionText) else { continue }
            return ImageIdentity(family: family, name: name, flavor: flavor, version: version)
        }
        return nil
    }

    /// `ubuntu.server-22.04.3.iso` for a name the table knows.
    private static func layoutLeaf(_ leaf: String) -> ImageIdentity? {
        let stem = leaf.dropLast(4)
        guard let dot = stem.firstIndex(of: ".") else { return nil }
        let nameText = stem[..<dot].lowercased()
        guard let (family, name) = knownNames[nameText] else { return nil }
        let rest = stem[stem.index(after: dot)...]
        guard let dash = rest.lastIndex(of: "-") else { return nil }
        let flavorText = rest[..<dash].lowercased()
        guard !flavorText.isEmpty, let version = FileNameRule.dotted(String(rest[rest.index(after: dash)...])) else {
            return nil
        }
        let flavor =
            knownFlavors[flavorText]
            ?? flavorText.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(
                separator: " ")
        return ImageIdentity(family: family, name: name, flavor: flavor, version: version)
    }

    /// Lower-cased canonical name → (family, name), for bare layout file names.
    static let knownNames: [String: (String, String)] = {
        let linux = [
            "Ubuntu", "Kubuntu", "Xubuntu", "Lubuntu", "Ubuntu MATE", "Ubuntu Budgie", "Ubuntu Studio", "Ubuntu Unity",
            "Ubuntu Kylin", "Edubuntu", "Debian", "Debian Edu", "Fedora", "Rocky Linux", "AlmaLinux", "RHEL", "CentOS",
            "CentOS Stream", "openSUSE Leap", "openSUSE Tumbleweed", "Arch Linux", "Manjaro", "Linux Mint", "LMDE",
            "Pop!_OS", "elementary OS", "Kali Linux", "Alpine Linux", "Proxmox VE", "Proxmox Backup Server",
            "Proxmox Mail Gateway", "TrueNAS SCALE", "Oracle Linux", "SUSE Linux Enterprise", "SystemRescue",
            "Clonezilla", "GParted", "Tails",
        ]
        let bsd = ["FreeBSD", "OpenBSD", "NetBSD", "TrueNAS CORE"]
        let windows = ["Windows 10", "Windows 11", "Windows Server"]
        var table: [String: (String, String)] = [:]
        let tools = ["Memtest86+"]
        for (family, names) in [("Linux", linux), ("BSD", bsd), ("Windows", windows), ("Tools", tools)] {
            for name in names { table[name.lowercased()] = (family, name) }
        }
        return table
    }()

    /// Lower-cased canonical flavour → flavour, for bare layout file names.
    static let knownFlavors: [String: String] = {
        let flavors = [
            "Server", "Server Alternate", "Legacy Server", "Desktop", "Desktop Legacy", "DVD", "BD", "CD", "Netinst",
            "Minimal", "Boot", "Network", "Everything", "Live", "Installer", "Standard", "Extended", "Virt", "Xen",
            "Intel", "NVIDIA", "Generic", "Stable", "Disc1", "Bootonly", "Install", "Boot CD", "Workstation",
            "KDE", "GNOME", "Xfce", "LXDE", "LXQt", "MATE", "Cinnamon", "Budgie", "IoT", "SoaS", "Rescue CD",
            "English", "EnglishInternational", "Live GNOME", "Live KDE", "Live Xfce", "Live LXDE", "Live LXQt",
            "Live MATE", "Live Cinnamon", "Live Standard", "GNOME Live", "KDE Live", "Xfce Live", "Server Netinst",
            "Server DVD", "Boot UEK", "Server Boot UEK", "Full", "Online", "Alternative", "GRUB", "Purple",
            "Live Everything",
        ]
        return Dictionary(flavors.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    }()
}
