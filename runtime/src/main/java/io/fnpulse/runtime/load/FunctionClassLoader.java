package io.fnpulse.runtime.load;

import io.fnpulse.api.Handler;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader of one loaded version: its own classes, then its {@code lib/*.jar} (sorted, so the order does not
 * depend on the file system), on top of the JDK alone. The runtime's own dependencies (Jackson, Jedis, ...) are not
 * visible, so the function's jars never clash with them.
 *
 * <p>The one exception is {@code io.fnpulse.api}: always the runtime's classes, so the runtime's {@code Context} is
 * the function's {@code Context}, even when the function's jar bundles a copy of the api.
 *
 * <p>The JDK is asked first; a function's class can shadow anything but the JDK. Child-first for the JDK too would
 * let an old {@code xml-apis} jar in {@code lib/} replace {@code org.w3c.dom} and break the JDK's XML parsers.
 */
final class FunctionClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String API_PREFIX = ApiClasses.PACKAGE + ".";

    private final ClassLoader runtime = Handler.class.getClassLoader();

    FunctionClassLoader(String name, List<Path> classPath) {
        super(name, urls(classPath), ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PREFIX)) {
            return runtime.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    private static URL[] urls(List<Path> classPath) {
        return classPath.stream().map(FunctionClassLoader::url).toArray(URL[]::new);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
