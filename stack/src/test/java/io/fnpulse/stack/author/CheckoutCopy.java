package io.fnpulse.stack.author;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * A copy of this checkout's sources and of the stack jar, file times kept, so that ./fnpulse there finds the jar up
 * to date and its own builds (the install that {@code ./fnpulse new} runs) never rewrite the jars of the build that
 * runs these tests.
 */
final class CheckoutCopy {

    private static final Set<String> LEFT_OUT = Set.of("target", ".git", "node_modules");

    private CheckoutCopy() {}

    static Path of(Path target) {
        Path root = ProjectFiles.root();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (!dir.equals(root) && LEFT_OUT.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(target.resolve(root.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile()) {
                        Files.copy(
                                file,
                                target.resolve(root.relativize(file).toString()),
                                StandardCopyOption.COPY_ATTRIBUTES);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            Path jar = Path.of("stack", "target", "fnpulse-stack.jar");
            Files.createDirectories(target.resolve(jar).getParent());
            Files.copy(
                    ProjectFiles.jar("stack", "fnpulse-stack.jar"),
                    target.resolve(jar),
                    StandardCopyOption.COPY_ATTRIBUTES);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
