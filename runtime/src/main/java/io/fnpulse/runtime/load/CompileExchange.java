package io.fnpulse.runtime.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime and its compiler child JVM ({@link ForkedCompiler}, {@link CompilerProcess}) tell each other,
 * through two files: the request (sources, class path, output folder, subject) and the result (the warnings, or the
 * failure's kind and its message exactly as an in-process compile would have thrown it). Files rather than the
 * child's standard output, which the JVM itself may write warnings to.
 */
final class CompileExchange {

    private static final int FORMAT = 1;

    private CompileExchange() {}

    record Request(List<SourceFile> sources, List<Path> classPath, Path output, String subject) {}

    /** Either warnings (compiled) or a failure. */
    record Result(List<String> warnings, Optional<FunctionLoadException> failure) {

        static Result compiled(List<String> warnings) {
            return new Result(List.copyOf(warnings), Optional.empty());
        }

        static Result failed(FunctionLoadException failure) {
            return new Result(List.of(), Optional.of(failure));
        }
    }

    static void write(Request request, Path file) throws IOException {
        try (DataOutputStream out = output(file)) {
            out.writeInt(FORMAT);
            writeString(out, request.subject());
            writeString(out, request.output().toString());
            out.writeInt(request.classPath().size());
            for (Path entry : request.classPath()) {
                writeString(out, entry.toString());
            }
            out.writeInt(request.sources().size());
            for (SourceFile source : request.sources()) {
                writeString(out, source.file().toString());
                writeString(out, source.displayName());
            }
        }
    }

    static Request readRequest(Path file) throws IOException {
        try (DataInputStream in = input(file)) {
            String subject = readString(in);
            Path output = Path.of(readString(in));
            List<Path> classPath = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                classPath.add(Path.of(readString(in)));
            }
            List<SourceFile> sources = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                sources.add(new SourceFile(Path.of(readString(in)), readString(in)));
            }
            return new Request(sources, classPath, output, subject);
        }
    }

    static void write(Result result, Path file) throws IOException {
        try (DataOutputStream out = output(file)) {
            out.writeInt(FORMAT);
            if (result.failure().isPresent()) {
                out.writeBoolean(false);
                writeString(out, result.failure().get().kind().name());
                writeString(out, result.failure().get().getMessage());
            } else {
                out.writeBoolean(true);
                out.writeInt(result.warnings().size());
                for (String warning : result.warnings()) {
                    writeString(out, warning);
                }
            }
        }
    }

    static Result readResult(Path file) throws IOException {
        try (DataInputStream in = input(file)) {
            if (!in.readBoolean()) {
                FunctionLoadException.Kind kind = FunctionLoadException.Kind.valueOf(readString(in));
                return Result.failed(new FunctionLoadException(kind, readString(in)));
            }
            List<String> warnings = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                warnings.add(readString(in));
            }
            return Result.compiled(warnings);
        }
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
    }

    private static DataInputStream input(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
        int format = in.readInt();
        if (format != FORMAT) {
            in.close();
            throw new IOException(file + " is in format " + format + ", not " + FORMAT);
        }
        return in;
    }

    /** Length and UTF-8 bytes: diagnostics can be longer than writeUTF's 64 KiB. */
    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
