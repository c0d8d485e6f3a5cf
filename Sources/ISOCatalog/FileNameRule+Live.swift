/// Publisher naming patterns of live and rescue media kept beside the installers: SystemRescue,
/// Clonezilla, GParted Live, Tails and Memtest86+. (Kali's live images are in ``linux``.)
///
/// Ventoy is deliberately absent: it is a tool that boots the ISO files of a disk, published as
/// archives; its `ventoy-…-livecd.iso` only installs Ventoy onto a disk. Such a file is listed as
/// unclassified and can be catalogued by hand.
extension FileNameRule {
    static let live: [FileNameRule] = [
        // systemrescue-11.01-amd64.iso
        FileNameRule(#"systemrescue-(?<version>\d+\.\d+(?:\.\d+)?)-(?<arch>amd64|i686)\.iso"#) { c in
            identity("Linux", "SystemRescue", "Live", dotted(c["version"]), arch: c["arch"])
        },
        // clonezilla-live-3.1.2-22-amd64.iso: 3 / 1 / 2-22 keeps the Debian-style release as written
        FileNameRule(
            #"clonezilla-live-(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+-\d+)-(?<arch>amd64|arm64|i686|i686-pae)\.iso"#
        ) { c in
            identity(
                "Linux", "Clonezilla", "Stable", Version(major: c["major"]!, minor: c["minor"], patch: c["patch"]),
                arch: c["arch"])
        },
        // clonezilla-live-20240301-noble-amd64.iso: the alternative (Ubuntu based) branch, by date;
        // the Ubuntu code name changes between releases of the same branch and is left out.
        FileNameRule(#"clonezilla-live-(?<date>\d{8})-[a-z]+-(?<arch>amd64|arm64)\.iso"#) { c in
            identity("Linux", "Clonezilla", "Alternative", Version(major: c["date"]!), arch: c["arch"])
        },
        // gparted-live-1.6.0-10-amd64.iso, gparted-live-1.6.0-10-i686-pae.iso
        FileNameRule(
            #"gparted-live-(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+-\d+)-(?<arch>amd64|i686|i686-pae)\.iso"#
        ) { c in
            identity(
                "Linux", "GParted", "Live", Version(major: c["major"]!, minor: c["minor"], patch: c["patch"]),
                arch: c["arch"])
        },
        // tails-amd64-6.4.iso
        FileNameRule(#"tails-(?<arch>amd64)-(?<version>\d+\.\d+(?:\.\d+)?)\.iso"#) { c in
            identity("Linux", "Tails", "Live", dotted(c["version"]), arch: c["arch"])
        },
        // mt86plus_7.20_64.iso, mt86plus_7.00_64.grub.iso, mt86plus_7.20_x86_64.iso: "64" and "32"
        // become x86_64 and i586, the names later releases write.
        FileNameRule(
            #"mt86plus_(?<version>\d+\.\d+)_(?<arch>64|32|x86_64|i586|la64|loongarch64)(?<grub>\.grub)?\.iso"#
        ) { c in
            identity(
                "Tools", "Memtest86+", c["grub"] == nil ? "Standard" : "GRUB", dotted(c["version"]),
                arch: c["arch"].map { ["64": "x86_64", "32": "i586"][$0] ?? $0.lowercased() })
        },
    ]
}
