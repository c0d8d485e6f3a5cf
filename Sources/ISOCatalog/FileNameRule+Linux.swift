/// Publisher naming patterns of Linux distributions. Canonical names and flavours are listed in
/// `FileNameParser`'s documentation.
extension FileNameRule {
    static let desktops: [String: String] = [
        "gnome": "GNOME", "kde": "KDE", "xfce": "Xfce", "lxde": "LXDE", "lxqt": "LXQt", "mate": "MATE",
        "cinnamon": "Cinnamon", "standard": "Standard", "budgie": "Budgie", "i3": "i3", "sway": "Sway",
    ]
    static let media: [String: String] = [
        "dvd": "DVD", "dvd1": "DVD", "minimal": "Minimal", "boot": "Boot", "netinst": "Netinst",
        "net": "Network", "everything": "Everything", "netinstall": "NetInstall",
    ]

    static let linux: [FileNameRule] = [
        // ubuntu-22.04.3-live-server-amd64.iso, kubuntu-24.04-desktop-amd64.iso, ubuntu-18.04.6-server-amd64.iso
        FileNameRule(
            #"(?<name>ubuntu|kubuntu|xubuntu|lubuntu|ubuntu-mate|ubuntu-budgie|ubuntustudio|ubuntu-unity|ubuntukylin|edubuntu)-(?<version>\d+\.\d+(?:\.\d+)?)-(?<flavor>live-server|server|legacy-server|desktop|dvd|desktop-legacy)-(?<arch>"#
                + arch + #")\.iso"#
        ) { c in
            identity(
                "Linux",
                canonical(
                    c["name"],
                    in: [
                        "ubuntu": "Ubuntu", "kubuntu": "Kubuntu", "xubuntu": "Xubuntu", "lubuntu": "Lubuntu",
                        "ubuntu-mate": "Ubuntu MATE", "ubuntu-budgie": "Ubuntu Budgie", "ubuntustudio": "Ubuntu Studio",
                        "ubuntu-unity": "Ubuntu Unity", "ubuntukylin": "Ubuntu Kylin", "edubuntu": "Edubuntu",
                    ]),
                canonical(
                    c["flavor"],
                    in: [
                        "live-server": "Server", "server": "Server Alternate", "legacy-server": "Legacy Server",
                        "desktop": "Desktop", "dvd": "DVD", "desktop-legacy": "Desktop Legacy",
                    ]),
                dotted(c["version"]), arch: c["arch"])
        },
        // debian-12.5.0-amd64-netinst.iso, debian-12.5.0-amd64-DVD-1.iso, debian-edu-12.5.0-amd64-netinst.iso
        FileNameRule(
            #"(?<name>debian|debian-edu)-(?<version>\d+\.\d+(?:\.\d+)?)-(?<arch>"# + arch
                + #")-(?<flavor>netinst|DVD-(?<dvd>\d+)|BD-(?<bd>\d+)|CD-(?<cd>\d+))\.iso"#
        ) { c in
            let flavor: String? =
                if let n = c["dvd"] { n == "1" ? "DVD" : "DVD-\(n)" } else if let n = c["bd"] {
                    n == "1" ? "BD" : "BD-\(n)"
                } else if let n = c["cd"] { n == "1" ? "CD" : "CD-\(n)" } else { "Netinst" }
            return identity(
                "Linux", c["name"]?.lowercased() == "debian" ? "Debian" : "Debian Edu", flavor,
                dotted(c["version"]), arch: c["arch"])
        },
        // debian-live-12.5.0-amd64-gnome.iso
        FileNameRule(
            #"debian-live-(?<version>\d+\.\d+(?:\.\d+)?)-(?<arch>"# + arch
                + #")-(?<desktop>gnome|kde|xfce|lxde|lxqt|mate|cinnamon|standard)\.iso"#
        ) { c in
            identity(
                "Linux", "Debian", canonical(c["desktop"], in: desktops).map { "Live \($0)" }, dotted(c["version"]),
                arch: c["arch"])
        },
        // Fedora-Workstation-Live-x86_64-39-1.5.iso (to 41) and Fedora-Workstation-Live-42-1.1.x86_64.iso (42 on)
        FileNameRule(
            #"Fedora-(?<edition>Workstation|Server|Everything|KDE|Xfce|LXQt|LXDE|MATE_Compiz|Cinnamon|SoaS|i3|Sway|Budgie|Silverblue|Kinoite|IoT)-(?<media>Live|dvd|netinst|ostree)-(?:(?<arch>"#
                + arch
                + #")-(?<release>\d+)-(?<compose>\d+)\.(?<respin>\d+)|(?<release2>\d+)-(?<compose2>\d+)\.(?<respin2>\d+)\.(?<arch2>"#
                + arch + #"))\.iso"#
        ) { c in
            fedora(c)
        },
        // Rocky-9.3-x86_64-dvd.iso, AlmaLinux-9.3-x86_64-minimal.iso, rhel-9.3-x86_64-boot.iso
        FileNameRule(
            #"(?<name>Rocky|AlmaLinux|rhel|rhel-baseos|rhel-server|rhel-workstation)-(?<version>\d+\.\d+)-(?<arch>"#
                + arch + #")-(?<media>dvd1?|minimal|boot)\.iso"#
        ) { c in
            let name = c["name"]!.lowercased()
            let canonicalName: String? =
                switch name {
                case "rocky": "Rocky Linux"
                case "almalinux": "AlmaLinux"
                case "rhel", "rhel-baseos", "rhel-server", "rhel-workstation": "RHEL"
                default: nil
                }
            let variant = name == "rhel-server" ? "Server " : (name == "rhel-workstation" ? "Workstation " : "")
            return identity(
                "Linux", canonicalName, canonical(c["media"], in: media).map { variant + $0 },
                dotted(c["version"]), arch: c["arch"])
        },
        // CentOS-Stream-9-20240101.0-x86_64-dvd1.iso
        FileNameRule(
            #"CentOS-Stream-(?<major>\d+)-(?<date>\d{8})\.(?<n>\d+)-(?<arch>"# + arch + #")-(?<media>dvd1|boot)\.iso"#
        ) { c in
            identity(
                "Linux", "CentOS Stream", canonical(c["media"], in: media),
                Version(major: c["major"]!, minor: c["date"], patch: c["n"]), arch: c["arch"])
        },
        // OracleLinux-R9-U4-x86_64-dvd.iso, OracleLinux-R8-U10-x86_64-boot-uek.iso, OracleLinux-R7-U9-Server-x86_64-dvd.iso
        FileNameRule(
            #"OracleLinux-R(?<major>\d+)-U(?<update>\d+)-(?<server>Server-)?(?<arch>"# + arch
                + #")-(?<media>dvd|boot|boot-uek)\.iso"#
        ) { c in
            identity(
                "Linux", "Oracle Linux",
                canonical(c["media"], in: ["dvd": "DVD", "boot": "Boot", "boot-uek": "Boot UEK"]).map {
                    c["server"] == nil ? $0 : "Server \($0)"
                }, Version(major: c["major"]!, minor: c["update"]), arch: c["arch"])
        },
        // CentOS-Stream-8-x86_64-20210120-dvd1.iso (early Stream 8 names: arch before the date, no respin)
        FileNameRule(#"CentOS-Stream-(?<major>\d+)-(?<arch>"# + arch + #")-(?<date>\d{8})-(?<media>dvd1|boot)\.iso"#) {
            c in
            identity(
                "Linux", "CentOS Stream", canonical(c["media"], in: media),
                Version(major: c["major"]!, minor: c["date"]),
                arch: c["arch"])
        },
        // SLE-15-SP6-Full-x86_64-GM-Media1.iso, SLE-15-SP5-Online-aarch64-GM-Media1.iso (version 15.SP6 as SUSE writes it)
        FileNameRule(
            #"SLE-(?<major>\d+)-(?<sp>SP\d+)-(?<flavor>Full|Online)-(?<arch>"# + arch + #")-GM-Media1\.iso"#
        ) { c in
            identity(
                "Linux", "SUSE Linux Enterprise", canonical(c["flavor"], in: ["full": "Full", "online": "Online"]),
                Version(major: c["major"]!, minor: c["sp"]!.uppercased()), arch: c["arch"])
        },
        // SLE-12-SP5-Server-DVD-x86_64-GM-DVD1.iso
        FileNameRule(#"SLE-(?<major>\d+)-(?<sp>SP\d+)-Server-DVD-(?<arch>"# + arch + #")-GM-DVD1\.iso"#) { c in
            identity(
                "Linux", "SUSE Linux Enterprise", "Server DVD",
                Version(major: c["major"]!, minor: c["sp"]!.uppercased()), arch: c["arch"])
        },
        // CentOS-7-x86_64-DVD-2009.iso, CentOS-8.5.2111-x86_64-dvd1.iso
        FileNameRule(
            #"CentOS-(?:(?<major>\d+)-(?<arch>"# + arch
                + #")-(?<media>DVD|Minimal|NetInstall|Everything)-(?<build>\d+)|(?<version>\d+\.\d+\.\d+)-(?<arch2>"#
                + arch + #")-(?<media2>dvd1|boot))\.iso"#
        ) { c in
            let version = c["major"].map { Version(major: $0, minor: c["build"]) } ?? dotted(c["version"])
            return identity(
                "Linux", "CentOS", canonical(c["media"] ?? c["media2"], in: media), version,
                arch: c["arch"] ?? c["arch2"])
        },
        // openSUSE-Leap-15.5-DVD-x86_64-Media.iso, openSUSE-Leap-15.5-NET-x86_64-Build491.1-Media.iso
        FileNameRule(
            #"openSUSE-Leap-(?<version>\d+\.\d+)-(?<media>DVD|NET)-(?<arch>"# + arch + #")(?:-Build[\d.]+)?-Media\.iso"#
        ) { c in
            identity("Linux", "openSUSE Leap", canonical(c["media"], in: media), dotted(c["version"]), arch: c["arch"])
        },
        // openSUSE-Tumbleweed-DVD-x86_64-Snapshot20240101-Media.iso
        FileNameRule(
            #"openSUSE-Tumbleweed-(?<flavor>DVD|NET|GNOME-Live|KDE-Live|XFCE-Live|Rescue-CD)-(?<arch>"# + arch
                + #")-Snapshot(?<snapshot>\d{8})-Media\.iso"#
        ) { c in
            identity(
                "Linux", "openSUSE Tumbleweed",
                canonical(
                    c["flavor"],
                    in: [
                        "dvd": "DVD", "net": "Network", "gnome-live": "GNOME Live", "kde-live": "KDE Live",
                        "xfce-live": "Xfce Live", "rescue-cd": "Rescue CD",
                    ]),
                Version(major: c["snapshot"]!), arch: c["arch"])
        },
        // archlinux-2024.01.01-x86_64.iso
        FileNameRule(#"archlinux-(?<version>\d{4}\.\d{2}\.\d{2})-(?<arch>x86_64)\.iso"#) { c in
            identity("Linux", "Arch Linux", "Live", dotted(c["version"]), arch: c["arch"])
        },
        // manjaro-kde-23.1.3-240113-linux66.iso, manjaro-xfce-23.1.3-minimal-240113-linux66.iso
        FileNameRule(
            #"manjaro-(?<desktop>kde|xfce|gnome|budgie|cinnamon|i3|sway|mate)-(?<version>\d+\.\d+(?:\.\d+)?)-(?<minimal>minimal-)?\d{6}-linux\d+\.iso"#
        ) { c in
            identity(
                "Linux", "Manjaro",
                canonical(c["desktop"], in: desktops).map { c["minimal"] == nil ? $0 : "\($0) Minimal" },
                dotted(c["version"]))
        },
        // linuxmint-21.3-cinnamon-64bit.iso, lmde-6-cinnamon-64bit.iso: Mint's "64bit" is amd64 and
        // "32bit" i386, the names of the Ubuntu and Debian archives it is built from.
        FileNameRule(
            #"(?<name>linuxmint|lmde)-(?<version>\d+(?:\.\d+)?)-(?<desktop>cinnamon|mate|xfce)-(?<arch>64bit|32bit)(?<edge>-edge)?\.iso"#
        ) { c in
            identity(
                "Linux", c["name"]!.lowercased() == "lmde" ? "LMDE" : "Linux Mint",
                canonical(c["desktop"], in: desktops).map { c["edge"] == nil ? $0 : "\($0) Edge" },
                dotted(c["version"]), arch: canonical(c["arch"], in: ["64bit": "amd64", "32bit": "i386"]))
        },
        // pop-os_22.04_amd64_intel_37.iso
        FileNameRule(
            #"pop-os_(?<version>\d+\.\d+)_(?<arch>amd64|arm64)_(?<gpu>intel|nvidia|generic)_(?<build>\d+)\.iso"#
        ) { c in
            identity(
                "Linux", "Pop!_OS",
                canonical(c["gpu"], in: ["intel": "Intel", "nvidia": "NVIDIA", "generic": "Generic"]),
                dotted(c["version"]).map { Version(major: $0.major, minor: $0.minor, patch: c["build"]) },
                arch: c["arch"])
        },
        // elementaryos-7.1-stable.20231129rc.iso
        FileNameRule(#"elementaryos-(?<version>\d+\.\d+)-stable\.(?<stamp>\d{8})(?:rc)?\.iso"#) { c in
            identity(
                "Linux", "elementary OS", "Stable",
                dotted(c["version"]).map { Version(major: $0.major, minor: $0.minor, patch: c["stamp"]) })
        },
        // kali-linux-2024.1-installer-amd64.iso, kali-linux-2024.1-live-amd64.iso
        FileNameRule(
            #"kali-linux-(?<version>\d{4}\.\d+[a-z]?)-(?<flavor>installer|installer-netinst|installer-everything|installer-purple|live|live-everything)-(?<arch>"#
                + arch + #")\.iso"#
        ) { c in
            identity(
                "Linux", "Kali Linux",
                canonical(
                    c["flavor"],
                    in: [
                        "installer": "Installer", "installer-netinst": "Netinst", "installer-everything": "Everything",
                        "installer-purple": "Purple", "live": "Live", "live-everything": "Live Everything",
                    ]),
                dotted(c["version"]), arch: c["arch"])
        },
        // alpine-standard-3.19.1-x86_64.iso
        FileNameRule(
            #"alpine-(?<flavor>standard|extended|virt|xen)-(?<version>\d+\.\d+\.\d+)-(?<arch>"# + arch + #")\.iso"#
        ) { c in
            identity(
                "Linux", "Alpine Linux",
                canonical(
                    c["flavor"], in: ["standard": "Standard", "extended": "Extended", "virt": "Virt", "xen": "Xen"]),
                dotted(c["version"]), arch: c["arch"])
        },
        // proxmox-ve_8.1-1.iso, proxmox-backup-server_3.1-1.iso
        FileNameRule(
            #"proxmox-(?<product>ve|backup-server|mail-gateway)_(?<major>\d+)\.(?<minor>\d+)-(?<release>\d+)\.iso"#
        ) { c in
            identity(
                "Linux",
                canonical(
                    c["product"],
                    in: [
                        "ve": "Proxmox VE", "backup-server": "Proxmox Backup Server",
                        "mail-gateway": "Proxmox Mail Gateway",
                    ]),
                "Installer", Version(major: c["major"]!, minor: c["minor"], patch: c["release"]))
        },
        // TrueNAS-SCALE-23.10.2.iso
        FileNameRule(#"TrueNAS-SCALE-(?<version>\d+\.\d+(?:\.\d+)?)\.iso"#) { c in
            identity("Linux", "TrueNAS SCALE", "Installer", dotted(c["version"]))
        },
    ]

    private static func fedora(_ c: Captures) -> ImageIdentity? {
        guard let release = c["release"] ?? c["release2"], let edition = c["edition"], let media = c["media"] else {
            return nil
        }
        let editions = [
            "workstation": "Workstation", "server": "Server", "everything": "Everything", "kde": "KDE", "xfce": "Xfce",
            "lxqt": "LXQt", "lxde": "LXDE", "mate_compiz": "MATE Compiz", "cinnamon": "Cinnamon", "soas": "SoaS",
            "i3": "i3", "sway": "Sway", "budgie": "Budgie", "silverblue": "Silverblue", "kinoite": "Kinoite",
            "iot": "IoT",
        ]
        guard let name = editions[edition.lowercased()] else { return nil }
        let netinst = media.lowercased() == "netinst" && name != "Everything"
        return identity(
            "Linux", "Fedora", netinst ? "\(name) Netinst" : name,
            Version(major: release, minor: c["compose"] ?? c["compose2"], patch: c["respin"] ?? c["respin2"]),
            arch: c["arch"] ?? c["arch2"])
    }
}
