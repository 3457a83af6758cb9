package io.fnpulse.stack.author.cli;

/** What the author asked for cannot be done as asked: a bad option, or code that does not load. Exit code 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
