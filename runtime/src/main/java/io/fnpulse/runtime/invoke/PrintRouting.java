package io.fnpulse.runtime.invoke;

import io.fnpulse.runtime.worker.FunctionWorker;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code System.out} and {@code System.err} while the runtime runs: what a call's threads print goes to that call
 * (see {@link CallOutput}), what a thread of the function prints outside any call is logged, one line per printed
 * line, tagged with the thread and marked as such; everything else — the runtime's own log among it — passes
 * through to the real streams untouched. So a function's printing never reaches the runtime's output untagged.
 */
public final class PrintRouting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.fnpulse.function.output");
    private static final int MAX_LINE = 8 * 1024;

    private final CallScopes calls;
    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final Map<Thread, ByteArrayOutputStream> strayLines = new WeakHashMap<>();
    /** Set while this class logs a stray line: the log's own output must pass through, not come back here. */
    private final ThreadLocal<Boolean> logging = ThreadLocal.withInitial(() -> false);

    private PrintRouting(CallScopes calls) {
        this.calls = calls;
        this.originalOut = System.out;
        this.originalErr = System.err;
    }

    /** Replaces System.out and System.err until {@link #close()}. */
    public static PrintRouting install(RuntimeContext context) {
        return install(context.calls());
    }

    /** The same, for every context that shares these call scopes. */
    public static PrintRouting install(CallScopes calls) {
        PrintRouting routing = new PrintRouting(calls);
        System.setOut(new PrintStream(routing.new Routed(false, routing.originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(routing.new Routed(true, routing.originalErr), true, StandardCharsets.UTF_8));
        return routing;
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private final class Routed extends OutputStream {
        private final boolean error;
        private final PrintStream original;

        Routed(boolean error, PrintStream original) {
            this.error = error;
            this.original = original;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (logging.get()) {
                original.write(bytes, offset, length);
                return;
            }
            CallScope scope = calls.current();
            if (scope != null && scope.output().write(error, bytes, offset, length)) {
                return;
            }
            Thread thread = Thread.currentThread();
            if (scope != null || FunctionWorker.isFunctionThread(thread)) {
                stray(thread, scope != null, bytes, offset, length);
                return;
            }
            original.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            original.flush();
        }

        /** A function thread printing with no call to print to: logged line by line, tagged. */
        private void stray(Thread thread, boolean afterItsCall, byte[] bytes, int offset, int length) {
            synchronized (strayLines) {
                ByteArrayOutputStream line = strayLines.computeIfAbsent(thread, t -> new ByteArrayOutputStream());
                for (int i = offset; i < offset + length; i++) {
                    if (bytes[i] == '\n' || line.size() >= MAX_LINE) {
                        logging.set(true);
                        try {
                            log.info(
                                    "function thread {} printed to {} {}: {}",
                                    thread.getName(),
                                    error ? "stderr" : "stdout",
                                    afterItsCall ? "after its call ended" : "outside any call",
                                    line.toString(StandardCharsets.UTF_8).stripTrailing());
                        } finally {
                            logging.set(false);
                        }
                        line.reset();
                        if (bytes[i] == '\n') {
                            continue;
                        }
                    }
                    line.write(bytes[i]);
                }
            }
        }
    }
}
