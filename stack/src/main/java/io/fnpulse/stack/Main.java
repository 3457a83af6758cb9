package io.fnpulse.stack;

/** The one-command local run; being built. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("the local stack is not built yet");
        System.exit(1);
    }
}
