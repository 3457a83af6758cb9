package io.fnpulse.bench.rig;

import io.fnpulse.testsupport.process.ServiceProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One of our jars started for a measurement: {@code java [flags] -jar}, a clean env, its output in bench-logs. */
public final class Jvm {

    private static final Path LOGS = Path.of("bench", "target", "bench-logs");

    private Jvm() {}

    public static ServiceProcess start(String name, Path jar, List<String> flags, Map<String, String> env) {
        return start(Path.of(ServiceProcess.javaExecutable()), name, jar, flags, env);
    }

    /** The same on another JVM, e.g. a Java 25 JDK's {@code bin/java} to measure the images' JVM. */
    public static ServiceProcess start(Path java, String name, Path jar, List<String> flags, Map<String, String> env) {
        return ServiceProcess.jar(jar)
                .java(java)
                .name(name)
                .jvmArgs(flags)
                .env(env)
                .logDir(Checkout.root().resolve(LOGS))
                .start();
    }
}
