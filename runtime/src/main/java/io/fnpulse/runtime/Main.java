package io.fnpulse.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.loop.FunctionLoop;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.Commit;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.trigger.InputWatcher;
import io.fnpulse.runtime.trigger.KeyspaceListener;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import io.fnpulse.service.http.HealthServer;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import sun.misc.Signal;

/** Reads the configuration, wires the runtime's parts together and runs the loop until SIGTERM or SIGINT. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        RuntimeConfig config = StartupConfig.orExit(log, () -> RuntimeConfig.fromEnv(Env.system()));
        log.info("fnpulse runtime starting: input {} -> output {}, {} every {} s{}, function {}{}, Redis {}",
                config.inputKey(), config.outputKey().orElse("(unset: results are logged, not written)"),
                config.trigger().name().toLowerCase(), config.pollInterval().toMillis() / 1000.0,
                config.trigger() == TriggerMode.NOTIFY ? " and on keyspace notifications" : "",
                config.code().functionZip().orElse(config.code().functionPath().toString()),
                config.code().handler().map(handler -> " (" + handler + ")").orElse(""), config.redis());

        ObjectMapper json = new ObjectMapper();
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("runtime");
        RuntimeMetrics metrics = new RuntimeMetrics(registry);
        RedisClient redis = config.redis().newClient(Duration.ofSeconds(2));
        RuntimeContext context = new RuntimeContext(config.redis().host(), config.redis().port(),
                config.inputKey(), config.outputKey().orElse(null));
        LiveFunction code = new LiveFunction(config.code());
        Invoker invoker = new Invoker(context, config.handlerTimeout(), json, metrics::callAbandoned);
        Lease lease = new Lease(redis, config.leaseKey(), config.instanceId(), config.leaseDuration());
        Ticker ticker = new Ticker(config.pollInterval());
        FunctionLoop loop = new FunctionLoop(new FunctionLoop.Parts(
                ticker, lease, new StateStore(redis, config.stateKey(), json), code,
                new InputWatcher(redis, config.inputKey()), new InputDecoder(json), invoker,
                new Commit(redis, lease, config.outputKey(), config.stateKey(), config.statusKey()),
                new StatusReport(json, context, config.instanceId()), context, metrics, config.outputKey(),
                Clock.systemUTC()));

        HealthServer http = HealthServer.start(config.httpPort(), registry, loop::readiness);
        log.info("serving /healthz, /readyz and /metrics on port {}", http.port());
        ScheduledExecutorService leaseKeeper = renewInBackground(lease);
        Optional<KeyspaceListener> listener = config.trigger() == TriggerMode.NOTIFY
                ? Optional.of(new KeyspaceListener(redis, config.inputKey(), ticker))
                : Optional.empty();
        listener.ifPresent(KeyspaceListener::start);

        Signal.handle(new Signal("TERM"), signal -> stopping(loop, "SIGTERM"));
        Signal.handle(new Signal("INT"), signal -> stopping(loop, "SIGINT"));
        loop.run();

        listener.ifPresent(KeyspaceListener::close);
        leaseKeeper.shutdownNow();
        releaseQuietly(lease);
        invoker.close();
        code.close();
        http.close();
        redis.close();
        log.info("stopped");
        System.exit(0);
    }

    private static void stopping(FunctionLoop loop, String signal) {
        log.info("{}: finishing the call in progress, then stopping", signal);
        loop.stop();
    }

    private static ScheduledExecutorService renewInBackground(Lease lease) {
        ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-keeper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, lease.duration().toMillis() / 3);
        keeper.scheduleWithFixedDelay(() -> {
            try {
                lease.renewIfHeld();
            } catch (RuntimeException e) {
                log.debug("could not renew the lease: {}", e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return keeper;
    }

    private static void releaseQuietly(Lease lease) {
        try {
            lease.release();
        } catch (RuntimeException e) {
            log.debug("could not release the lease: {}", e.getMessage());
        }
    }
}
