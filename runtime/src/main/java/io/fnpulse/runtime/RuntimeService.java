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
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.service.http.HealthServer;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.trigger.KeyspaceNotifications;
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

/**
 * One running runtime: its parts wired together, the loop on its own thread, the health endpoints up. Main runs
 * one from the environment; the local stack runs one in its own process.
 */
public final class RuntimeService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuntimeService.class);

    private final RedisClient redis;
    private final LiveFunction code;
    private final Invoker invoker;
    private final Lease lease;
    private final FunctionLoop loop;
    private final HealthServer http;
    private final ScheduledExecutorService leaseKeeper;
    private final Optional<KeyspaceNotifications> listener;
    private final Thread loopThread;

    private RuntimeService(RuntimeConfig config) {
        ObjectMapper json = new ObjectMapper();
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("runtime");
        RuntimeMetrics metrics = new RuntimeMetrics(registry);
        redis = config.redis().newClient(Duration.ofSeconds(2));
        RuntimeContext context = new RuntimeContext(config.redis().host(), config.redis().port(),
                config.inputKey(), config.outputKey().orElse(null));
        code = new LiveFunction(config.code());
        invoker = new Invoker(context, config.handlerTimeout(), json, metrics::callAbandoned);
        lease = new Lease(redis, config.leaseKey(), config.instanceId(), config.leaseDuration());
        Ticker ticker = new Ticker(config.pollInterval());
        loop = new FunctionLoop(new FunctionLoop.Parts(
                ticker, lease, new StateStore(redis, config.stateKey(), json), code,
                new InputWatcher(redis, config.inputKey()), new InputDecoder(json), invoker,
                new Commit(redis, lease, config.outputKey(), config.stateKey(), config.statusKey()),
                new StatusReport(json, context, config.instanceId()), context, metrics, config.outputKey(),
                Clock.systemUTC()));
        http = HealthServer.start(config.httpPort(), registry, new io.fnpulse.service.lifecycle.Liveness(registry, Clock.systemUTC()), loop::readiness);
        log.info("serving /healthz, /readyz and /metrics on port {}", http.port());
        leaseKeeper = renewInBackground(lease);
        listener = config.trigger() == TriggerMode.NOTIFY
                ? Optional.of(new KeyspaceNotifications(redis, config.inputKey(), ticker::wake,
                        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5))))
                : Optional.empty();
        loopThread = new Thread(loop::run, "loop");
    }

    public static RuntimeService start(RuntimeConfig config) {
        log.info("fnpulse runtime starting: input {} -> output {}, polling every {} s{}, function {}{}, Redis {}",
                config.inputKey(), config.outputKey().orElse("(unset: results are logged, not written)"),
                java.math.BigDecimal.valueOf(config.pollInterval().toMillis(), 3).stripTrailingZeros().toPlainString(),
                config.trigger() == TriggerMode.NOTIFY ? " and waking on keyspace notifications" : "",
                config.code().functionZip().orElse(config.code().functionPath().toString()),
                config.code().handler().map(handler -> " (" + handler + ")").orElse(""), config.redis());
        RuntimeService service = new RuntimeService(config);
        service.listener.ifPresent(KeyspaceNotifications::start);
        service.loopThread.start();
        return service;
    }

    public int httpPort() {
        return http.port();
    }

    /** Lets the call in progress finish, then stops everything and releases the lease. */
    @Override
    public void close() {
        loop.stop();
        try {
            loopThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.ifPresent(KeyspaceNotifications::close);
        leaseKeeper.shutdownNow();
        try {
            lease.release();
        } catch (RuntimeException e) {
            log.debug("could not release the lease: {}", e.getMessage());
        }
        invoker.close();
        code.close();
        http.close();
        redis.close();
        log.info("stopped");
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
}
