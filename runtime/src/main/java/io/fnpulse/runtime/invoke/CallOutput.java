package io.fnpulse.runtime.invoke;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What one call prints, kept per stream up to a limit and counted beyond it. Written by every thread of the call,
 * the function's own included, until the call ends; what comes after that is not the call's any more.
 */
final class CallOutput {

    private final int limit;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private long stdoutMore;
    private long stderrMore;
    private boolean ended;

    CallOutput(int limit) {
        this.limit = limit;
    }

    /** @return false once the call has ended: the caller must put the bytes somewhere else */
    synchronized boolean write(boolean error, byte[] bytes, int offset, int length) {
        if (ended) {
            return false;
        }
        ByteArrayOutputStream buffer = error ? stderr : stdout;
        int room = Math.max(0, limit - buffer.size());
        int kept = Math.min(room, length);
        buffer.write(bytes, offset, kept);
        if (kept < length) {
            if (error) {
                stderrMore += length - kept;
            } else {
                stdoutMore += length - kept;
            }
        }
        return true;
    }

    /** Ends the call's capture and returns what it printed. */
    synchronized Captured end() {
        ended = true;
        return new Captured(text(stdout), stdoutMore, text(stderr), stderrMore);
    }

    /** UTF-8, with a character cut at the limit shown as a replacement character rather than failing. */
    private static String text(ByteArrayOutputStream buffer) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(buffer.toByteArray()))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
