package io.fnpulse.runtime.load;

/** What the loader refuses to take in, whatever the source. */
final class Limits {

    static final long MAX_UNPACKED_BYTES = 64L * 1024 * 1024;
    static final long MAX_DOWNLOAD_BYTES = 64L * 1024 * 1024;
    /** Far above any real function, low enough that a zip of empty entries cannot exhaust the folder's inodes. */
    static final int MAX_ARCHIVE_ENTRIES = 65_536;

    private Limits() {}

    static String mebibytes(long bytes) {
        return bytes / (1024 * 1024) + " MiB";
    }
}
