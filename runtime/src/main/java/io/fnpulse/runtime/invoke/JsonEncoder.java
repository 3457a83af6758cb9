package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Serialises what a call returned and the env it left, within size limits, with the version's own mapper. Writing
 * into a bounded buffer means a runaway result fails at the limit instead of filling the heap first.
 */
final class JsonEncoder {

    static final int MAX_OUTPUT_BYTES = 1024 * 1024;
    static final int MAX_ENV_BYTES = 16 * 1024 * 1024;
    /** A buffer that grew past this for one large value is dropped after it, not kept for the life of the thread. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    // Per thread, not per encoder: a call abandoned at its timeout may still be encoding on its old thread. The
    // threads are the versions' workers, which end with their version, and the buffer holds only bytes.
    private final ThreadLocal<BoundedBuffer> buffers = ThreadLocal.withInitial(BoundedBuffer::new);

    /** The JSON object to write, or empty for {@code null} and empty maps, which write nothing. */
    Optional<String> output(ObjectMapper json, Object result) throws InvalidResultException {
        if (result == null || (result instanceof Map<?, ?> map && map.isEmpty())) {
            return Optional.empty();
        }
        String encoded;
        try {
            encoded = encode(json, result, MAX_OUTPUT_BYTES, "the result");
        } catch (Unwritable e) {
            throw new InvalidResultException(e.getMessage(), e.getCause());
        }
        if (!encoded.startsWith("{")) {
            throw new InvalidResultException(
                    "the result is a " + result.getClass().getName() + ", which serialises to "
                            + jsonKind(encoded.charAt(0)) + ", not a JSON object; return a Map or a record");
        }
        return "{}".equals(encoded) ? Optional.empty() : Optional.of(encoded);
    }

    String env(ObjectMapper json, Map<String, Object> env) throws InvalidEnvException {
        try {
            return encode(json, env, MAX_ENV_BYTES, "context.env");
        } catch (Unwritable e) {
            throw new InvalidEnvException(e.getMessage(), e.getCause());
        }
    }

    private String encode(ObjectMapper json, Object value, int limit, String what) throws Unwritable {
        BoundedBuffer buffer = buffers.get();
        buffer.restart(limit);
        try {
            json.writeValue(buffer, value);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (UncheckedLimit e) {
            throw tooLarge(what, limit);
        } catch (JsonProcessingException e) {
            if (causedByLimit(e)) {
                throw tooLarge(what, limit);
            }
            throw new Unwritable(what + " cannot be serialised to JSON" + where(e) + ": " + reason(e), e);
        } catch (IOException e) {
            throw new Unwritable(what + " cannot be serialised to JSON: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new Unwritable(what + " cannot be serialised to JSON: it refers to itself", null);
        } finally {
            if (buffer.capacity() > KEPT_BUFFER_BYTES) {
                buffers.remove();
            }
        }
    }

    private static String jsonKind(char first) {
        return switch (first) {
            case '"' -> "a JSON string";
            case '[' -> "a JSON array";
            case 't', 'f' -> "a JSON boolean";
            default -> "a JSON number";
        };
    }

    /** Where in the value the problem is, as a path of keys and indexes: " at readings[3].sensor". */
    private static String where(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder(" at ");
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() > 4 ? "." : "").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson's reason without its advice on mapper settings, which a function author cannot change. */
    private static String reason(JsonProcessingException e) {
        String reason = e.getOriginalMessage().replaceAll("\\s*\\(to avoid exception[^)]*\\)", "");
        return reason.replace("No serializer found for class ", "no way to write a ")
                .replace(
                        " and no properties discovered to create BeanSerializer",
                        " (it has no public getters or fields)");
    }

    private static Unwritable tooLarge(String what, int limit) {
        return new Unwritable(what + " serialises to more than " + limit / (1024 * 1024) + " MiB", null);
    }

    /** Why a value could not be written; the caller turns it into the result's or the env's own exception. */
    private static final class Unwritable extends Exception {
        Unwritable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static boolean causedByLimit(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UncheckedLimit) {
                return true;
            }
        }
        return false;
    }

    private static final class BoundedBuffer extends ByteArrayOutputStream {
        private int limit;

        BoundedBuffer() {
            super(1024);
        }

        void restart(int newLimit) {
            reset();
            limit = newLimit;
        }

        int capacity() {
            return buf.length;
        }

        @Override
        public synchronized void write(int b) {
            ensureRoom(1);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            ensureRoom(length);
            super.write(bytes, offset, length);
        }

        private void ensureRoom(int more) {
            if (count + more > limit) {
                throw new UncheckedLimit();
            }
        }
    }

    /** Thrown from inside the buffer (whose write methods cannot throw IOException), translated below. */
    private static final class UncheckedLimit extends RuntimeException {
        UncheckedLimit() {
            super(null, null, false, false);
        }
    }
}
