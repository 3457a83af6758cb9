package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.nio.file.Path;
import java.util.List;

/**
 * Compiles {@code .java} sources into class files for the running JVM, against exactly the given class path.
 *
 * <p>The runtime compiles in a short-lived child JVM ({@link ForkedCompiler}): javac's classes and the JDK image it
 * reads cost a runtime that compiled in-process about 30 MB of resident memory for the rest of its life (bench/README.md
 * measures both). {@code -D}{@value #IN_PROCESS_PROPERTY}{@code =true} compiles in the runtime's own JVM instead.
 */
interface SourceCompiler {

    String IN_PROCESS_PROPERTY = "fnpulse.compiler.inProcess";
    List<String> OPTIONS = List.of("-parameters", "-proc:none", "-g", "-encoding", "UTF-8");

    /**
     * Writes the classes of {@code sources} into {@code output}.
     *
     * @param subject what the sources are to the user (e.g. {@code FUNCTION_PATH /opt/usermodule.java}), for errors
     * @return the warnings, one {@code file:line: warning: message} each
     * @throws FunctionLoadException COMPILE with every diagnostic when there are errors; NO_COMPILER on a JRE
     */
    List<String> compile(List<SourceFile> sources, List<Path> classPath, Path output, String subject)
            throws FunctionLoadException;

    /** A child JVM's javac, unless {@value #IN_PROCESS_PROPERTY} is {@code true}. */
    static SourceCompiler configured() {
        return Boolean.getBoolean(IN_PROCESS_PROPERTY) ? new InProcessCompiler() : ForkedCompiler.configured();
    }

    static FunctionLoadException noCompiler(String subject) {
        return new FunctionLoadException(
                Kind.NO_COMPILER,
                subject + ": this JVM has no Java compiler, which .java sources need; run the runtime on a JDK (or an"
                        + " image that keeps the jdk.compiler module), or ship the function compiled, as a .jar");
    }
}
