package io.fnpulse.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.dead.DeadCommand;
import io.fnpulse.runtime.dead.DeadLetters;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import io.fnpulse.service.lifecycle.OutOfMemoryExit;
import io.fnpulse.service.lifecycle.ShutdownSignal;
import io.fnpulse.service.redis.RedisProblem;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code java -jar fnpulse-runtime.jar}: the runtime configured from the environment, until SIGTERM or SIGINT; with
 * {@code dead ...}, the dead letters of the same configuration instead (see {@link DeadCommand}).
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        OutOfMemoryExit.install("runtime");
        if (args.length > 0 && args[0].equals("dead")) {
            System.exit(dead(Env.system(), List.of(args).subList(1, args.length)));
        }
        RuntimeConfig config = StartupConfig.orExit(log, () -> RuntimeConfig.fromEnv(Env.system()));
        ShutdownSignal shutdown = ShutdownSignal.install();
        try (RuntimeService runtime = RuntimeService.startAsProcess(config)) {
            log.info("{}: finishing the call in progress, then stopping", shutdown.await());
        } catch (UncheckedIOException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * The dead letters of the runtime's instances. They exist under TRIGGER=stream only, so the keys are read as that
     * trigger reads them, whatever TRIGGER says: the command may run with the settings of a runtime that reads the
     * stream, or of one that only redrives into it.
     */
    private static int dead(Env env, List<String> args) {
        if (env.optional(RuntimeConfig.REDIS_OUTPUT_KEY).isEmpty()) {
            System.out.println("REDIS_OUTPUT_KEY must be set: the dead letters are <output key>:dead");
            return 2;
        }
        Env asStream = env.with(RuntimeConfig.TRIGGER, "stream");
        RuntimeConfig config = StartupConfig.orExit(log, () -> RuntimeConfig.fromEnv(asStream));
        KeySettings keys = config.keys();
        try (UnifiedJedis redis = config.redis().connect()) {
            List<DeadLetters> instances = DeadLetters.ofEvery(redis, keys, new ObjectMapper());
            String where = keys.deadLetters()
                    .map(Object::toString)
                    .orElseGet(() -> keys.single().dead().orElseThrow());
            return new DeadCommand(instances, where, keys.deadLetters().isPresent(), System.out).run(args);
        } catch (JedisException e) {
            System.out.println(RedisProblem.of(e).describe());
            return 1;
        }
    }
}
