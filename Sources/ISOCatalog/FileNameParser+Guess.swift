extension FileNameParser {
    /// The parts of an identity readable in `input` when ``parse(_:)`` finds none: a known
    /// publisher prefix or canonical name, the first dotted version, an architecture word and a
    /// flavour word. Guesses only: the result prefills a form, it never catalogs anything.
    public static func guess(_ input: String) -> FileNameGuess {
        let leaf = String(input.split(separator: "/").last ?? "")
        let stem = (leaf.lowercased().hasSuffix(".iso") ? String(leaf.dropLast(4)) : leaf).lowercased()
        var guess = FileNameGuess()
        if let (family, name) = guessedName(in: stem) {
            guess.family = family
            guess.name = name
        }
        if let match = stem.firstMatch(of: /\d+(?:\.\d+){1,2}/) { guess.version = FileNameRule.dotted(String(match.0)) }
        guess.arch = guessedArch(in: stem)
        let words = stem.split(whereSeparator: { "-_. ".contains($0) }).map(String.init)
        guess.flavor = guessedFlavor(in: words)
        return guess
    }

    /// Publisher prefixes (lower case) → (family, name), besides the canonical names.
    static let publisherPrefixes: [String: (String, String)] = {
        var table = knownNames
        let linux: [String: String] = [
            "ubuntu-mate": "Ubuntu MATE", "ubuntu-budgie": "Ubuntu Budgie", "ubuntustudio": "Ubuntu Studio",
            "ubuntu-unity": "Ubuntu Unity", "ubuntukylin": "Ubuntu Kylin", "debian-live": "Debian",
            "debian-edu": "Debian Edu", "rocky": "Rocky Linux", "centos-stream": "CentOS Stream",
            "oraclelinux": "Oracle Linux", "opensuse-leap": "openSUSE Leap",
            "opensuse-tumbleweed": "openSUSE Tumbleweed",
            "sle": "SUSE Linux Enterprise", "archlinux": "Arch Linux", "linuxmint": "Linux Mint", "pop-os": "Pop!_OS",
            "elementaryos": "elementary OS", "kali-linux": "Kali Linux", "kali": "Kali Linux", "alpine": "Alpine Linux",
            "proxmox-ve": "Proxmox VE", "proxmox-backup-server": "Proxmox Backup Server",
            "proxmox-mail-gateway": "Proxmox Mail Gateway", "truenas-scale": "TrueNAS SCALE",
            "clonezilla-live": "Clonezilla", "gparted-live": "GParted",
        ]
        for (prefix, name) in linux { table[prefix] = ("Linux", name) }
        for (prefix, entry) in [
            "truenas": ("BSD", "TrueNAS CORE"), "win10": ("Windows", "Windows 10"), "win11": ("Windows", "Windows 11"),
            "mt86plus": ("Tools", "Memtest86+"), "memtest86+": ("Tools", "Memtest86+"),
        ] {
            table[prefix] = entry
        }
        return table
    }()

    /// The longest known prefix of `stem` followed by a separator or the end.
    private static func guessedName(in stem: String) -> (String, String)? {
        var best: (length: Int, entry: (String, String))?
        for (prefix, entry) in publisherPrefixes where stem.hasPrefix(prefix) {
            let rest = stem.dropFirst(prefix.count)
            guard rest.first.map({ !$0.isLetter && !$0.isNumber }) ?? true else { continue }
            if prefix.count > best?.length ?? 0 { best = (prefix.count, entry) }
        }
        return best?.entry
    }

    /// Architecture words (lower case) → the arch the parser would record; longest words first so
    /// `x86_64` wins over `x86`.
    private static let guessArchs: [(String, String)] = {
        var words = FileNameRule.arch.split(separator: "|").map { (String($0), String($0)) }
        words += [("64bit", "amd64"), ("32bit", "i386"), ("i586", "i586")]
        return words.sorted { $0.0.count > $1.0.count }
    }()

    private static func guessedArch(in stem: String) -> String? {
        for (word, arch) in guessArchs {
            for range in stem.ranges(of: word) {
                let before = range.lowerBound == stem.startIndex ? nil : stem[stem.index(before: range.lowerBound)]
                let after = range.upperBound == stem.endIndex ? nil : stem[range.upperBound]
                let bounded = { (c: Character?) in c.map { !$0.isLetter && !$0.isNumber } ?? true }
                if bounded(before), bounded(after) { return arch }
            }
        }
        return nil
    }

    /// Publishers' two-word flavours, checked before single words (`live-server` is Ubuntu's Server).
    private static let compoundFlavors = [
        "live-server": "Server", "legacy-server": "Legacy Server", "desktop-legacy": "Desktop Legacy",
        "boot-uek": "Boot UEK", "live-everything": "Live Everything",
    ]

    /// The first flavour among `words`, a two-word one winning over its first word.
    private static func guessedFlavor(in words: [String]) -> String? {
        for (index, word) in words.enumerated() {
            if index + 1 < words.count, let flavor = compoundFlavors[word + "-" + words[index + 1]] { return flavor }
            if let flavor = guessFlavors[word] { return flavor }
        }
        return nil
    }

    /// Flavour words (lower case) → canonical flavour.
    private static let guessFlavors: [String: String] = {
        var table = knownFlavors.filter { !$0.key.contains(" ") }
        for (word, flavor) in FileNameRule.desktops.merging(FileNameRule.media, uniquingKeysWith: { a, _ in a }) {
            table[word] = flavor
        }
        return table
    }()
}
