package io.fnpulse.runtime.load;

import java.nio.file.Path;

/**
 * A .java file to compile.
 *
 * @param file        where it is on disk (a staged copy)
 * @param displayName what diagnostics call it: the path the user configured, or {@code archive!/entry}
 */
record SourceFile(Path file, String displayName) {}
