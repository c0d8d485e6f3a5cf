/// Publisher naming patterns of the BSDs and of Windows client and server.
extension FileNameRule {
    static let bsd: [FileNameRule] = [
        // FreeBSD-14.0-RELEASE-amd64-disc1.iso (only RELEASE builds: BETA/RC would order after the release)
        FileNameRule(
            #"FreeBSD-(?<version>\d+\.\d+)-RELEASE-(?<arch>amd64|i386|arm64-aarch64|powerpc-powerpc64|powerpc-powerpc64le|riscv-riscv64)-(?<media>disc1|dvd1|bootonly)\.iso"#
        ) { c in
            identity(
                "BSD", "FreeBSD", canonical(c["media"], in: ["disc1": "Disc1", "dvd1": "DVD", "bootonly": "Bootonly"]),
                dotted(c["version"]), arch: c["arch"])
        },
        // install74.iso, cd74.iso (the architecture is the directory it was published in, not part of the name)
        FileNameRule(#"(?<media>install|cd)(?<major>\d)(?<minor>\d)\.iso"#) { c in
            identity(
                "BSD", "OpenBSD", canonical(c["media"], in: ["install": "Install", "cd": "CD"]),
                Version(major: c["major"]!, minor: c["minor"]))
        },
        // NetBSD-10.0-amd64.iso, NetBSD-9.3-amd64-bootcd.iso
        FileNameRule(
            #"NetBSD-(?<version>\d+\.\d+(?:\.\d+)?)-(?<arch>amd64|i386|sparc64|evbarm-aarch64)(?:-(?<media>bootcd|install))?\.iso"#
        ) { c in
            identity(
                "BSD", "NetBSD", c["media"]?.lowercased() == "bootcd" ? "Boot CD" : "Install", dotted(c["version"]),
                arch: c["arch"])
        },
        // TrueNAS-13.0-U6.1.iso (CORE, FreeBSD based): 13 / 0-U6 / 1 keeps {version} as written
        FileNameRule(#"TrueNAS-(?<major>\d+)\.(?<minor>\d+(?:-U\d+)?)(?:\.(?<fix>\d+))?\.iso"#) { c in
            identity(
                "BSD", "TrueNAS CORE", "Installer", Version(major: c["major"]!, minor: c["minor"], patch: c["fix"]))
        },
    ]

    /// Windows Server evaluation builds by their build number.
    static let serverYears = ["14393": "2016", "17763": "2019", "20348": "2022", "26100": "2025"]

    static let months = [
        "jan": "01", "feb": "02", "mar": "03", "apr": "04", "may": "05", "jun": "06",
        "jul": "07", "aug": "08", "sep": "09", "oct": "10", "nov": "11", "dec": "12",
    ]

    /// `updated_oct_2023` → `2023-10`, the refresh as a version component that orders by date.
    static func refresh(month: String?, year: String?) -> String? {
        guard let month, let year, let number = months[month.lowercased()] else { return nil }
        return "\(year)-\(number)"
    }

    static let windows: [FileNameRule] = [
        // Win11_23H2_English_x64v2.iso, Win10_22H2_EnglishInternational_x32v1.iso
        FileNameRule(
            #"Win(?<n>10|11)_(?<version>\d{2}H\d|\d{4})_(?<language>[A-Za-z()]+(?:_[A-Za-z()]+)*?)_(?<arch>x64|x32|Arm64)(?:v\d+)?\.iso"#
        ) { c in
            identity(
                "Windows", "Windows \(c["n"]!)", c["language"], Version(major: c["version"]!.uppercased()),
                arch: c["arch"])
        },
        // 20348.169.210806-2348.fe_release_svc_refresh_SERVER_EVAL_x64FRE_en-us.iso
        FileNameRule(
            #"(?<build>\d{5})\.(?<revision>\d+)\.\d{6}-\d{4}\.[A-Za-z0-9_]+?_SERVER_EVAL_(?<arch>x64|x86|arm64)FRE_(?<language>[a-z]{2}-[a-z]{2})(?:_\d+)?\.iso"#
        ) { c in
            guard let build = c["build"], let year = serverYears[build], let language = c["language"]?.lowercased()
            else { return nil }
            return identity(
                "Windows", "Windows Server", "Evaluation \(language)",
                Version(major: year, minor: build, patch: c["revision"]), arch: c["arch"]?.lowercased())
        },
        // Visual Studio subscription names:
        // en-us_windows_11_consumer_editions_version_23h2_updated_jan_2024_x64_dvd_b2bf6d4e.iso
        FileNameRule(
            #"(?<language>[a-z]{2}(?:-[a-z]{2})?)_windows_(?<n>10|11)_(?<kind>consumer|business)_editions?_version_(?<version>\d{2}h\d|\d{4})(?:_updated_(?<month>[a-z]{3})_(?<year>\d{4}))?_(?<arch>x64|x86|arm64)_dvd_[0-9a-f]{8}\.iso"#
        ) { c in
            guard let kind = c["kind"], let language = c["language"]?.lowercased(), let version = c["version"] else {
                return nil
            }
            let refreshed = refresh(month: c["month"], year: c["year"])
            guard c["month"] == nil || refreshed != nil else { return nil }
            return identity(
                "Windows", "Windows \(c["n"]!)", "\(kind.prefix(1).uppercased() + kind.dropFirst()) \(language)",
                Version(major: version.uppercased(), minor: refreshed), arch: c["arch"]?.lowercased())
        },
        // en-us_windows_server_2022_updated_oct_2023_x64_dvd_63dab61a.iso, en_windows_server_2019_x64_dvd_4cb967d8.iso
        FileNameRule(
            #"(?<language>[a-z]{2}(?:-[a-z]{2})?)_windows_server_(?<year>2016|2019|2022|2025)(?:_updated_(?<month>[a-z]{3})_(?<refreshYear>\d{4}))?_(?<arch>x64|x86|arm64)_dvd_[0-9a-f]{8}\.iso"#
        ) { c in
            guard let language = c["language"]?.lowercased(), let year = c["year"] else { return nil }
            let refreshed = refresh(month: c["month"], year: c["refreshYear"])
            guard c["month"] == nil || refreshed != nil else { return nil }
            return identity(
                "Windows", "Windows Server", "DVD \(language)", Version(major: year, minor: refreshed),
                arch: c["arch"]?.lowercased())
        },
    ]
}
