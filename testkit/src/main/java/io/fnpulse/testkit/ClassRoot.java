package io.fnpulse.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Where a class was compiled to, as a jar the runtime can load: its own jar, or its classes folder packed into one.
 * The runtime loads a function from a file, never from the class path of whoever calls it, so a class is loaded
 * from there, in a class loader of its own, exactly as a jar of it would be deployed.
 */
final class ClassRoot {

    private static final FileTime FIXED_TIME = FileTime.fromMillis(0);

    private ClassRoot() {}

    /** The class's jar, or a jar of its classes folder written into {@code scratch}. */
    static Path jarOf(Class<?> type, Path scratch) {
        Path root = location(type);
        if (Files.isRegularFile(root)) {
            return root;
        }
        Path jar = scratch.resolve(type.getSimpleName() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path each : files) {
                JarEntry entry =
                        new JarEntry(root.relativize(each).toString().replace(java.io.File.separatorChar, '/'));
                entry.setLastModifiedTime(FIXED_TIME); // the same classes give the same jar, so the same version
                out.putNextEntry(entry);
                Files.copy(each, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new FunctionLoadFailure("cannot pack the classes of " + root + " into " + jar + ": " + e);
        }
        return jar;
    }

    private static Path location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new FunctionLoadFailure(type.getName() + " was not loaded from a file (a JDK class, or one"
                    + " defined at run time), so there is nothing to load it from; pass its source or jar instead");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FunctionLoadFailure("cannot tell where " + type.getName() + " was loaded from: " + source);
        }
    }
}
