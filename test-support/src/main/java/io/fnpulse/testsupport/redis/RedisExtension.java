package io.fnpulse.testsupport.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each test class one real Redis: {@code REDIS_URL} if set, else a {@code redis:7} container when a Docker
 * engine answers, else the redis-server binary shipped in {@code com.github.codemonstur:embedded-redis} on a free
 * port. The server is stopped (or, for {@code REDIS_URL}, flushed) when the class is done.
 */
public final class RedisExtension implements BeforeAllCallback, ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(RedisExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        redisFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return redisFor(context);
    }

    private static TestRedis redisFor(ExtensionContext context) {
        ExtensionContext classContext = classContextOf(context);
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("redis", key -> startRedis(classContext), AbstractTestRedis.class);
    }

    private static ExtensionContext classContextOf(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static AbstractTestRedis startRedis(ExtensionContext classContext) {
        String url = System.getenv("REDIS_URL");
        AbstractTestRedis redis;
        if (url != null && !url.isBlank()) {
            redis = ExternalTestRedis.connect(url);
        } else if (ContainerTestRedis.dockerAvailable()) {
            redis = ContainerTestRedis.launch();
        } else {
            redis = EmbeddedTestRedis.startOnFreePort();
        }
        log.info("{} uses {}", classContext.getDisplayName(), redis.describe());
        return redis;
    }
}
