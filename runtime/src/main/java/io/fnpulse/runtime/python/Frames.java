package io.fnpulse.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The worker protocol's framing (see fnpulse_worker.py): a 4-byte big-endian length, then a JSON header on one line,
 * a newline and the parts the header lists by byte length, back to back, so that JSON documents travel as they are.
 */
final class Frames {

    /** A frame read: its header and its body, which holds the parts after the header. */
    record Frame(JsonNode header, byte[] body, int[] offsets, int[] lengths) {

        int parts() {
            return lengths.length;
        }

        byte[] part(int index) {
            byte[] part = new byte[lengths[index]];
            System.arraycopy(body, offsets[index], part, 0, lengths[index]);
            return part;
        }

        String text(int index) {
            return new String(body, offsets[index], lengths[index], StandardCharsets.UTF_8);
        }
    }

    /** The worker broke the protocol: a frame that is too large or does not parse. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    private Frames() {}

    static void write(OutputStream out, ObjectMapper json, ObjectNode header, byte[]... parts) throws IOException {
        ArrayNode lengths = header.putArray("parts");
        long total = 0;
        for (byte[] part : parts) {
            lengths.add(part.length);
            total += part.length;
        }
        byte[] head = json.writeValueAsBytes(header);
        total += head.length + 1;
        if (total > Integer.MAX_VALUE) {
            throw new IOException("a frame of " + total + " bytes is too large to send");
        }
        int length = (int) total;
        out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        out.write(head);
        out.write('\n');
        for (byte[] part : parts) {
            out.write(part);
        }
        out.flush();
    }

    /**
     * The next frame.
     *
     * @throws EOFException      when the worker's end of the pipe closed (it exited, or was killed)
     * @throws ProtocolException when the frame is longer than {@code maxBytes} or not a frame
     */
    static Frame read(DataInputStream in, ObjectMapper json, int maxBytes) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxBytes) {
            throw new ProtocolException("the worker sent a frame of " + Integer.toUnsignedString(length)
                    + " bytes, more than the " + maxBytes + " any answer needs");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        int newline = 0;
        while (newline < length && body[newline] != '\n') {
            newline++;
        }
        JsonNode header;
        try {
            header = json.readTree(body, 0, newline);
        } catch (IOException e) {
            throw new ProtocolException("the worker sent a frame whose header is not JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw new ProtocolException("the worker sent a frame whose header is not a JSON object");
        }
        JsonNode lengths = header.path("parts");
        int[] offsets = new int[lengths.size()];
        int[] sizes = new int[lengths.size()];
        int offset = newline + 1;
        for (int i = 0; i < sizes.length; i++) {
            int size = lengths.get(i).asInt(-1);
            if (size < 0 || (long) offset + size > length) {
                throw new ProtocolException("the worker sent a frame whose parts do not add up");
            }
            offsets[i] = offset;
            sizes[i] = size;
            offset += size;
        }
        return new Frame(header, body, offsets, sizes);
    }
}
