package io.fnpulse.runtime.load;

import java.io.IOException;

/** A version the loader holds: the code it came from, the function it hands out, and how to end it when replaced. */
record HeldVersion(CodeSnapshot code, LoadedFunction function, Release release) {

    /** Ends what the version owns: its worker (thread or process), its class loader, its staged files. */
    @FunctionalInterface
    interface Release {
        void run() throws IOException;
    }
}
