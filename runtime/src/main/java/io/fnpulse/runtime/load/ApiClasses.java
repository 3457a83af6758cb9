package io.fnpulse.runtime.load;

import io.fnpulse.api.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The {@code io.fnpulse.api} package as the runtime has it. Functions are compiled against a copy of its class files
 * and nothing else of the runtime's class path, so code that compiles only uses what it will see at run time.
 */
final class ApiClasses {

    static final String PACKAGE = Handler.class.getPackageName();
    private static final String FOLDER = PACKAGE.replace('.', '/') + "/";

    private ApiClasses() {}

    /** Copies the api's class files into {@code target}, in their package folders. */
    static void copyTo(Path target) throws IOException {
        Path location = location();
        if (Files.isDirectory(location)) {
            copyFromFolder(location, target);
        } else {
            copyFromJar(location, target);
        }
    }

    private static Path location() throws IOException {
        CodeSource codeSource = Handler.class.getProtectionDomain().getCodeSource();
        if (codeSource == null || codeSource.getLocation() == null) {
            throw new IOException("cannot tell where the " + PACKAGE + " classes were loaded from");
        }
        try {
            return Path.of(codeSource.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot read the " + PACKAGE + " classes from " + codeSource.getLocation(), e);
        }
    }

    private static void copyFromFolder(Path root, Path target) throws IOException {
        Path packageFolder = root.resolve(FOLDER);
        List<Path> classFiles;
        try (Stream<Path> files = Files.list(packageFolder)) {
            classFiles = files.filter(file -> file.getFileName().toString().endsWith(".class"))
                    .toList();
        }
        Path targetFolder = Files.createDirectories(target.resolve(FOLDER));
        for (Path classFile : classFiles) {
            Files.copy(classFile, targetFolder.resolve(classFile.getFileName().toString()));
        }
    }

    private static void copyFromJar(Path jar, Path target) throws IOException {
        Path targetFolder = Files.createDirectories(target.resolve(FOLDER));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                String simple = name.startsWith(FOLDER) ? name.substring(FOLDER.length()) : "";
                if (simple.endsWith(".class") && !simple.contains("/")) {
                    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                        Files.copy(in, targetFolder.resolve(simple));
                    }
                }
            }
        }
    }
}
