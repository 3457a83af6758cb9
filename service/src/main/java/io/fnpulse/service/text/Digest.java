package io.fnpulse.service.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest fnpulse uses: for inputs (state, poison detection), code versions and asset ETags. */
public final class Digest {

    public static final String PREFIX = "sha256:";

    private Digest() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Hex SHA-256 of the bytes. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** {@code sha256:<hex>} of the text's UTF-8 bytes: how an input is identified across restarts. */
    public static String ofText(String text) {
        return PREFIX + hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first characters of a digest, for log lines: {@code sha256:1a2b3c4d5e6f}. */
    public static String abbreviate(String digest) {
        return digest.length() > PREFIX.length() + 12 ? digest.substring(0, PREFIX.length() + 12) : digest;
    }
}
