package io.fnpulse.testkit;

import io.fnpulse.runtime.invoke.CallScopes;
import io.fnpulse.runtime.invoke.PrintRouting;

/**
 * System.out and System.err belong to the process, so every function the kit has open shares one routing of them
 * (the runtime's {@link PrintRouting}) and one set of call scopes, as the contexts of one runtime do: what a call
 * prints goes to that call whichever function it belongs to. Installed with the first open function, removed with
 * the last. The one static state of the kit, because the streams it wraps are static.
 */
final class SharedPrinting {

    private static final CallScopes CALLS = new CallScopes();
    private static PrintRouting routing;
    private static int open;

    private SharedPrinting() {}

    static synchronized CallScopes acquire() {
        if (open++ == 0) {
            routing = PrintRouting.install(CALLS);
        }
        return CALLS;
    }

    static synchronized void release() {
        if (--open == 0) {
            routing.close();
            routing = null;
        }
    }
}
