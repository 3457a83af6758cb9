package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a zip or jar into a folder, refusing entries that would land outside it and archives that unpack to more
 * than {@link Limits#MAX_UNPACKED_BYTES}. Sizes in the zip's headers are the sender's claim, so the limit counts
 * the bytes that actually come out of the inflater.
 */
final class ArchiveExtractor {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final String subject;
    private long unpacked;

    private ArchiveExtractor(String subject) {
        this.subject = subject;
    }

    /** Unpacks {@code archive} into {@code target}; {@code subject} starts every error, e.g. "FUNCTION_ZIP /x.zip". */
    static void extract(Path archive, Path target, String subject) throws FunctionLoadException {
        new ArchiveExtractor(subject).unpack(archive, target.toAbsolutePath().normalize());
    }

    private void unpack(Path archive, Path target) throws FunctionLoadException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            if (zip.size() > Limits.MAX_ARCHIVE_ENTRIES) {
                throw refused("has more than " + Limits.MAX_ARCHIVE_ENTRIES + " entries");
            }
            Files.createDirectories(target);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path destination = destination(target, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = zip.getInputStream(entry);
                        OutputStream out = Files.newOutputStream(destination)) {
                    copyCounting(in, out);
                }
            }
        } catch (ZipException e) {
            throw new FunctionLoadException(
                    Kind.ARCHIVE,
                    subject + ": not a readable zip or jar (" + e.getMessage()
                            + "); package the function with `zip -r` or `jar cf`",
                    e);
        } catch (IOException e) {
            throw new FunctionLoadException(Kind.IO, subject + ": cannot unpack: " + e, e);
        }
    }

    private Path destination(Path target, String entryName) throws FunctionLoadException {
        // zips made on Windows may use backslashes; on Linux they would otherwise be part of a file name
        String name = entryName.replace('\\', '/');
        Path destination = target.resolve(name).normalize();
        if (name.isEmpty() || !destination.startsWith(target) || destination.equals(target)) {
            throw refused("entry " + entryName + " escapes the extraction folder");
        }
        return destination;
    }

    private void copyCounting(InputStream in, OutputStream out) throws IOException, FunctionLoadException {
        byte[] buffer = new byte[BUFFER_SIZE];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            unpacked += read;
            if (unpacked > Limits.MAX_UNPACKED_BYTES) {
                throw refused("unpacks to more than " + Limits.mebibytes(Limits.MAX_UNPACKED_BYTES));
            }
            out.write(buffer, 0, read);
        }
    }

    private FunctionLoadException refused(String problem) {
        return new FunctionLoadException(Kind.ARCHIVE, subject + ": " + problem);
    }
}
