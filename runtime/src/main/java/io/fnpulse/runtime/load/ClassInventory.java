package io.fnpulse.runtime.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The names of the classes under class-path roots (folders or jars): what a function's own code defines. */
final class ClassInventory {

    private ClassInventory() {}

    /** Binary names, sorted; module-info, package-info and META-INF (multi-release variants) left out. */
    static List<String> of(List<Path> roots) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                names.addAll(inFolder(root));
            } else if (Files.isRegularFile(root)) {
                names.addAll(inJar(root));
            }
        }
        return names.stream().distinct().sorted().toList();
    }

    private static List<String> inFolder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(ClassInventory::isClassEntry)
                    .map(ClassInventory::binaryName)
                    .toList();
        }
    }

    private static List<String> inJar(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (isClassEntry(name)) {
                    names.add(binaryName(name));
                }
            }
        }
        return names;
    }

    private static boolean isClassEntry(String path) {
        return path.endsWith(".class")
                && !path.startsWith("META-INF/")
                && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class");
    }

    private static String binaryName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
