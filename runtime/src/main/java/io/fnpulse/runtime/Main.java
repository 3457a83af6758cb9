package io.fnpulse.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.dead.DeadCommand;
import io.fnpulse.runtime.dead.DeadLetters;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import io.fnpulse.service.function.FunctionKeys;
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
        RuntimeConfig config = StartupConfig.orExit(log, () -> RuntimeConfig.fromEnv(Env.system()));
        if (args.length > 0 && args[0].equals("dead")) {
            System.exit(dead(config, List.of(args).subList(1, args.length)));
        }
        ShutdownSignal shutdown = ShutdownSignal.install();
        try (RuntimeService runtime = RuntimeService.start(config)) {
            log.info("{}: finishing the call in progress, then stopping", shutdown.await());
        } catch (UncheckedIOException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    private static int dead(RuntimeConfig config, List<String> args) {
        if (config.outputKey().isEmpty()) {
            System.out.println("REDIS_OUTPUT_KEY must be set: the dead letters are <output key>:dead");
            return 2;
        }
        String deadKey = FunctionKeys.of(
                        config.outputKey().get(), config.redis().cluster())
                .dead();
        String stream = config.stream()
                .map(RuntimeConfig.StreamSettings::stream)
                .orElse(Env.system().string(RuntimeConfig.REDIS_INPUT_STREAM, config.inputKey() + ":stream"));
        try (UnifiedJedis redis = config.redis().connect()) {
            return new DeadCommand(new DeadLetters(redis, deadKey, stream, new ObjectMapper()), System.out).run(args);
        } catch (JedisException e) {
            System.out.println(RedisProblem.of(e).describe());
            return 1;
        }
    }
}
