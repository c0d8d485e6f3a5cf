/// The piece size `isofleet torrent create` uses when none is given.
///
/// Fixed here rather than left to libtorrent (whose automatic table changed in 2.0.11), because the
/// piece size is part of the info-hash: every node of a fleet must pick the same one for the same
/// file. Changing this table changes the info-hash of every image created without `--piece-size`.
///
/// | file size       | piece size |
/// |-----------------|------------|
/// | up to 256 MiB   | 256 KiB    |
/// | up to 1 GiB     | 1 MiB      |
/// | up to 4 GiB     | 2 MiB      |
/// | larger          | 4 MiB      |
public enum PieceSize {
    /// The default piece size for a file of `fileSize` bytes (table above).
    public static func `default`(forFileSize fileSize: Int64) -> Int {
        switch fileSize {
        case ...(256 << 20): 256 << 10
        case ...(1 << 30): 1 << 20
        case ...(4 << 30): 2 << 20
        default: 4 << 20
        }
    }

    /// True for sizes libtorrent accepts in every mode: powers of two from 16 KiB.
    public static func isValid(_ size: Int) -> Bool {
        size >= 16 << 10 && size <= 1 << 30 && size & (size - 1) == 0
    }
}
