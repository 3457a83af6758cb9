package io.fnpulse.runtime.load;

import io.fnpulse.api.Context;
import io.fnpulse.api.Handler;
import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the entry point in a loaded version's classes, by the rules in docs/functions.md:
 * <ul>
 *   <li>{@code Class::method}: the public static or instance method taking {@code (Map, Context)}, else
 *       {@code (Map)}; an instance method's class is created once, with its public no-argument constructor;</li>
 *   <li>{@code Class}: the class implements {@link Handler};</li>
 *   <li>unset: for a single source file, {@code handle} of its one public top-level class; for a jar or zip, the
 *       one class that implements {@link Handler}.</li>
 * </ul>
 * Every failure says what was looked for and lists what there is.
 */
final class HandlerResolver {

    private static final int LISTED = 20;
    private static final String DEFAULT_METHOD = "handle";
    private static final MethodType ENTRY_TYPE = MethodType.methodType(Object.class, Map.class, Context.class);

    private final ClassLoader loader;
    private final List<String> ownClasses;
    private final String codeName;

    /**
     * @param ownClasses the classes the function's code defines (not its libraries)
     * @param codeName   the code's path or URL, for messages
     */
    HandlerResolver(ClassLoader loader, List<String> ownClasses, String codeName) {
        this.loader = loader;
        this.ownClasses = ownClasses.stream()
                .filter(name -> !name.startsWith(ApiClasses.PACKAGE + "."))
                .toList();
        this.codeName = codeName;
    }

    ResolvedHandler resolve(Optional<HandlerSpec> configured, CodeSnapshot.Form form) throws FunctionLoadException {
        if (configured.isPresent()) {
            HandlerSpec spec = configured.get();
            String subject = "FUNCTION_HANDLER " + spec;
            Class<?> type = load(spec.className(), subject);
            return spec.methodName().isPresent()
                    ? byMethod(type, spec.methodName().get(), subject)
                    : byInterface(type, subject);
        }
        return form == CodeSnapshot.Form.SOURCE_FILE ? defaultForSourceFile() : defaultForArchive();
    }

    private ResolvedHandler defaultForSourceFile() throws FunctionLoadException {
        List<Class<?>> candidates = ownTypes().stream()
                .filter(type -> type.getEnclosingClass() == null && Modifier.isPublic(type.getModifiers()))
                .toList();
        String rule = "FUNCTION_HANDLER is unset, so the handler is the public top-level class of " + codeName;
        if (candidates.size() != 1) {
            throw handlerError(rule + ", but it has "
                    + (candidates.isEmpty() ? "none" : candidates.size() + ": " + names(candidates))
                    + "; make one class public, or set FUNCTION_HANDLER=Class::method");
        }
        Class<?> type = candidates.get(0);
        return byMethod(
                type,
                DEFAULT_METHOD,
                "FUNCTION_HANDLER is unset, so the handler is " + type.getName() + "::" + DEFAULT_METHOD
                        + " (the public class of " + codeName + ")");
    }

    private ResolvedHandler defaultForArchive() throws FunctionLoadException {
        List<Class<?>> candidates = ownTypes().stream()
                .filter(type -> Handler.class.isAssignableFrom(type)
                        && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers()))
                .toList();
        String rule = "FUNCTION_HANDLER is unset, so the handler is the one class in " + codeName + " that implements "
                + Handler.class.getName();
        if (candidates.isEmpty()) {
            throw handlerError(rule + ", but none does; implement it or set FUNCTION_HANDLER=Class::method;"
                    + " classes found: " + listed(ownClasses));
        }
        if (candidates.size() > 1) {
            throw handlerError(rule + ", but " + candidates.size() + " do: " + names(candidates)
                    + "; set FUNCTION_HANDLER to the one to run");
        }
        return byInterface(candidates.get(0), rule);
    }

    private ResolvedHandler byInterface(Class<?> type, String subject) throws FunctionLoadException {
        initialise(type, subject);
        if (!Handler.class.isAssignableFrom(type)) {
            throw handlerError(subject + ": " + type.getName() + " does not implement " + Handler.class.getName()
                    + "; implement it, or name the method as " + type.getName() + "::method; public methods: "
                    + publicMethods(type));
        }
        Handler handler = (Handler) instantiate(type, subject);
        return new ResolvedHandler(HandlerSpec.of(type.getName(), DEFAULT_METHOD), handler);
    }

    private ResolvedHandler byMethod(Class<?> type, String name, String subject) throws FunctionLoadException {
        initialise(type, subject);
        Optional<Method> method = handlerMethod(type, name);
        if (method.isEmpty()) {
            throw handlerError(subject + ": no public method " + name + "(Map, Context) or " + name + "(Map) in "
                    + type.getName() + "; public methods: " + publicMethods(type) + handlerHint(type));
        }
        Method chosen = method.get();
        chosen.trySetAccessible();
        try {
            MethodHandle target = MethodHandles.lookup().unreflect(chosen);
            if (!Modifier.isStatic(chosen.getModifiers())) {
                target = target.bindTo(instantiate(type, subject));
            }
            if (chosen.getParameterCount() == 1) {
                target = MethodHandles.dropArguments(target, 1, Context.class);
            }
            return new ResolvedHandler(
                    HandlerSpec.of(type.getName(), name), new MethodEntry(target.asType(ENTRY_TYPE)));
        } catch (IllegalAccessException e) {
            throw handlerError(
                    subject + ": cannot call " + type.getName() + "::" + name + " (" + e.getMessage()
                            + "); make the class and the method public",
                    e);
        }
    }

    /** The method by that name taking (Map, Context), else the one taking (Map). */
    private static Optional<Method> handlerMethod(Class<?> type, String name) {
        List<Method> named = Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(name) && !method.isBridge())
                .toList();
        Optional<Method> withContext = named.stream()
                .filter(method -> Arrays.equals(method.getParameterTypes(), new Class<?>[] {Map.class, Context.class}))
                .findFirst();
        if (withContext.isPresent()) {
            return withContext;
        }
        return named.stream()
                .filter(method -> Arrays.equals(method.getParameterTypes(), new Class<?>[] {Map.class}))
                .findFirst();
    }

    private Object instantiate(Class<?> type, String subject) throws FunctionLoadException {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw handlerError(subject + ": " + type.getName() + " is abstract, so it cannot be created; make the"
                    + " method static or name a concrete class");
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw handlerError(subject + ": " + type.getName() + " needs a public no-argument constructor to be"
                    + " created once per load; add one, or make the handler method static");
        }
        constructor.trySetAccessible();
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new FunctionLoadException(
                    Kind.INIT,
                    subject + ": the constructor of " + type.getName() + " threw "
                            + UserCodeTrace.describe(e.getCause()),
                    e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw handlerError(subject + ": cannot create " + type.getName() + ": " + e, e);
        }
    }

    private Class<?> load(String className, String subject) throws FunctionLoadException {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw handlerError(subject + ": class " + className + " not found in " + codeName + "; classes found: "
                    + listed(ownClasses));
        } catch (LinkageError e) {
            throw handlerError(subject + ": " + className + " cannot be loaded: " + e, e);
        }
    }

    /**
     * Runs the handler class's static initialisers now, during the load and under its deadline, rather than in the
     * first call: a class whose initialiser throws would otherwise load "successfully" and then fail every call with
     * NoClassDefFoundError.
     */
    private void initialise(Class<?> type, String subject) throws FunctionLoadException {
        try {
            Class.forName(type.getName(), true, loader);
        } catch (ExceptionInInitializerError e) {
            throw new FunctionLoadException(
                    Kind.INIT,
                    subject + ": " + type.getName() + " failed to initialise: "
                            + UserCodeTrace.describe(e.getCause() == null ? e : e.getCause()),
                    e.getCause());
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new FunctionLoadException(
                    Kind.INIT,
                    subject + ": " + type.getName() + " cannot be initialised: " + UserCodeTrace.describe(e),
                    e);
        } catch (Error e) {
            // an Error thrown by a static initialiser is not wrapped in ExceptionInInitializerError
            throw new FunctionLoadException(
                    Kind.INIT,
                    subject + ": " + type.getName() + " failed to initialise: " + UserCodeTrace.describe(e),
                    e);
        }
    }

    /** The function's own classes, loaded without initialising them; those that cannot even load are skipped. */
    private List<Class<?>> ownTypes() {
        return ownClasses.stream()
                .<Class<?>>flatMap(name -> {
                    try {
                        return Stream.of(Class.forName(name, false, loader));
                    } catch (ClassNotFoundException | LinkageError e) {
                        return Stream.empty();
                    }
                })
                .filter(type -> !type.isAnonymousClass() && !type.isLocalClass() && !type.isSynthetic())
                .toList();
    }

    private static String publicMethods(Class<?> type) {
        String methods = Arrays.stream(type.getMethods())
                .filter(method -> method.getDeclaringClass() != Object.class && !method.isBridge())
                .sorted(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount))
                .map(method -> method.getName()
                        + Arrays.stream(method.getParameterTypes())
                                .map(Class::getSimpleName)
                                .collect(Collectors.joining(", ", "(", ")")))
                .distinct()
                .collect(Collectors.joining(", "));
        return methods.isEmpty() ? "none" : methods;
    }

    /** How to call the one public method that could be the handler, or to name one of several; else nothing. */
    private static String handlerHint(Class<?> type) {
        List<String> fitting = Arrays.stream(type.getMethods())
                .filter(method -> method.getDeclaringClass() != Object.class && !method.isBridge())
                .filter(method -> handlerMethod(type, method.getName()).isPresent())
                .map(Method::getName)
                .distinct()
                .sorted()
                .toList();
        if (fitting.size() == 1) {
            String handler = type.getName() + "::" + fitting.get(0);
            return "; to call " + fitting.get(0) + ", set FUNCTION_HANDLER=" + handler + " (./fnpulse: --handler "
                    + handler + ")";
        }
        return fitting.isEmpty() ? "" : "; name the one to call with FUNCTION_HANDLER=" + type.getName() + "::method";
    }

    private static String names(List<Class<?>> types) {
        return types.stream().map(Class::getName).collect(Collectors.joining(", "));
    }

    /** Top-level class names, the first {@value #LISTED} of them. */
    private static String listed(List<String> classNames) {
        List<String> topLevel =
                classNames.stream().filter(name -> !name.contains("$")).toList();
        if (topLevel.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", topLevel.subList(0, Math.min(LISTED, topLevel.size())));
        return topLevel.size() > LISTED ? shown + " and " + (topLevel.size() - LISTED) + " more" : shown;
    }

    private static FunctionLoadException handlerError(String message) {
        return new FunctionLoadException(Kind.HANDLER, message);
    }

    private static FunctionLoadException handlerError(String message, Throwable cause) {
        return new FunctionLoadException(Kind.HANDLER, message, cause);
    }
}
