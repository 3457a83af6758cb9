package io.fnpulse.service.redis;

import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Why a Redis command failed, in the words a user needs: the server cannot be reached, it refused the login, or it
 * answered with an error (a read-only replica, out of memory, a script error). Only the first is an outage; the
 * other two are told apart so that a wrong password never reads "Redis unreachable".
 */
public record RedisProblem(Kind kind, String detail) {

    public enum Kind {
        /** No answer: connection refused, reset, timed out, name not resolved. */
        UNREACHABLE,
        /** WRONGPASS, NOAUTH, NOPERM: the credentials or the ACL. */
        LOGIN_REFUSED,
        /** Any other error reply. */
        COMMAND_REFUSED;

        /** The {@code error} tag of a Redis error counter. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static RedisProblem of(JedisException error) {
        String reply = serverReply(error);
        if (reply != null && isLoginError(reply)) {
            return new RedisProblem(Kind.LOGIN_REFUSED, reply);
        }
        if (error instanceof JedisConnectionException) {
            return new RedisProblem(Kind.UNREACHABLE, describe(error));
        }
        return new RedisProblem(Kind.COMMAND_REFUSED, reply != null ? reply : describe(error));
    }

    /** One phrase: {@code Redis refused the login (WRONGPASS invalid username-password pair ...)}. */
    public String describe() {
        return switch (kind) {
            case UNREACHABLE -> "Redis unreachable (" + detail + ")";
            case LOGIN_REFUSED -> "Redis refused the login (" + detail + ")";
            case COMMAND_REFUSED -> "Redis refused the command (" + detail + ")";
        };
    }

    /** The error reply of the server somewhere in the chain, e.g. a login refused while opening a pooled connection. */
    private static String serverReply(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof JedisAccessControlException || cause instanceof JedisDataException) {
                return cause.getMessage();
            }
        }
        return null;
    }

    private static boolean isLoginError(String reply) {
        return reply.startsWith("WRONGPASS")
                || reply.startsWith("NOAUTH")
                || reply.startsWith("NOPERM")
                || reply.startsWith("ERR AUTH")
                || reply.contains("invalid password")
                || reply.contains("invalid username-password");
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return root == error || root.getMessage() == null || message.contains(root.getMessage())
                ? message
                : message + ": " + root.getMessage();
    }
}
