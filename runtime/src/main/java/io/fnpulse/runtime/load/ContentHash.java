package io.fnpulse.runtime.load;

import io.fnpulse.service.text.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 content hashes, which name code versions and compile-cache entries. */
final class ContentHash {

    private static final int SHORT_LENGTH = 12;

    private ContentHash() {}

    static MessageDigest newDigest() {
        return Digest.sha256();
    }

    static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return hex(digest.digest());
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static String shortForm(String hex) {
        return hex.substring(0, SHORT_LENGTH);
    }
}
