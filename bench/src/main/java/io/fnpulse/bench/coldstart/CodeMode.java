package io.fnpulse.bench.coldstart;

/** How the runtime gets the metrics function at start. */
enum CodeMode {
    /** FUNCTION_PATH at the .java source, an empty CODE_CACHE_DIR: javac runs. */
    COMPILE,
    /** The same source, with CODE_CACHE_DIR holding the classes from an earlier start: javac is skipped. */
    CACHED,
    /** FUNCTION_PATH at function/target/fnpulse-function.jar: loaded as is. */
    JAR;

    String label() {
        return name().toLowerCase();
    }
}
