package io.fnpulse.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.PrintRouting;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.UserCodeLimits;
import io.fnpulse.runtime.loop.CodeUpdates;
import io.fnpulse.runtime.loop.FunctionLoop;
import io.fnpulse.runtime.loop.InputPath;
import io.fnpulse.runtime.loop.Leadership;
import io.fnpulse.runtime.loop.RedisCallRecords;
import io.fnpulse.runtime.loop.RedisHealth;
import io.fnpulse.runtime.report.CallEntries;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.Commit;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.trigger.InputSource;
import io.fnpulse.runtime.trigger.InputWatcher;
import io.fnpulse.runtime.trigger.StreamSource;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.service.http.HealthServer;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.lifecycle.SupervisedLoop;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.text.Seconds;
import io.fnpulse.service.trigger.KeyspaceNotifications;
import io.fnpulse.service.trigger.TriggerMode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * One running runtime: its parts wired together, the function loop and the leadership loop on threads of their own,
 * the health endpoints up. Main runs one from the environment; the local stack runs one in its own process.
 */
public final class RuntimeService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuntimeService.class);
    /** The most a compilation may take before the function loop counts as stalled. */
    private static final Duration COMPILE_BUDGET = Duration.ofMinutes(5);
    /** How often fnpulse_backlog_entries is refreshed under TRIGGER=stream. */
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(2);

    private final RedisClient redis;
    private final LiveFunction code;
    private final Lease lease;
    private final FunctionLoop loop;
    private final Leadership leadership;
    private final HealthServer http;
    private final Optional<KeyspaceNotifications> listener;
    private final Heartbeat loopHeartbeat;
    private final Heartbeat leaseHeartbeat;
    private final Invoker invoker;
    private final Thread exitWatch;
    private final PrintRouting printRouting;
    private final Optional<StreamSource> streams;
    private final Optional<Heartbeat> backlogHeartbeat;
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();
    private SupervisedLoop loopThread;
    private Optional<SupervisedLoop> backlogThread = Optional.empty();

    private RuntimeService(RuntimeConfig config) {
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("runtime");
        RuntimeMetrics metrics = new RuntimeMetrics(registry);
        Liveness liveness = new Liveness(registry, clock);
        Duration redisTimeout = config.redis().timeout();
        redis = config.redis().newClient();
        RuntimeContext context = new RuntimeContext(config.redis().host(), config.redis().port(),
                config.inputKey(), config.outputKey().orElse(null));
        code = new LiveFunction(config.code(), new UserCodeLimits(config.handlerTimeout(), metrics::callAbandoned));
        metrics.functionThreads(code::startedThreads);
        metrics.versionsInMemory(code::versionsInMemory);
        invoker = new Invoker(context, config.handlerTimeout(), json, config.captureBytes());
        printRouting = PrintRouting.install(context);
        lease = new Lease(redis, config.leaseKey(), config.instanceId(), config.leaseDuration());
        Ticker ticker = new Ticker(config.pollInterval());
        FunctionLoop.Budgets budgets = budgets(config);
        loopHeartbeat = liveness.loop("function", budgets.tick());
        RedisHealth redisHealth = new RedisHealth(metrics, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)),
                clock);
        leadership = new Leadership(lease::acquireOrRenew, lease::held, config.leaseKey().orElse("(none)"),
                config.leaseDuration(), loopHeartbeat, redisHealth, metrics, ticker::wake);
        leaseHeartbeat = config.leaseKey().isPresent()
                ? liveness.loop("lease", leadership.period().plus(redisTimeout.multipliedBy(2))) : null;
        StatusReport status = new StatusReport(json, context, config.instanceId());
        StateStore state = new StateStore(redis, config.stateKey(), json, clock);
        InFlight inFlight = new InFlight(redis, config.inflightKey(), lease, json);
        FunctionLoop[] self = new FunctionLoop[1];
        Commit.Keys keys = new Commit.Keys(config.leaseKey(), config.outputKey(), config.stateKey(),
                config.statusKey(), config.inflightKey(), config.callsKey(), config.historyKey(),
                config.stream().map(RuntimeConfig.StreamSettings::stream),
                config.stream().map(RuntimeConfig.StreamSettings::deadKey));
        RedisCallRecords records = new RedisCallRecords(inFlight,
                new Commit(redis, lease, keys, config.stream().map(RuntimeConfig.StreamSettings::group).orElse(""),
                        config.callsLogLength(), config.outputHistory().toMillis()),
                redisHealth, loopHeartbeat, ticker, () -> self[0].running(), redisTimeout, clock,
                config.leaseKey().orElse("(none)"));
        InputPath path = new InputPath(code::current, new InputDecoder(json), invoker, records, state::encode, status,
                new CallEntries(json), context, metrics, json, clock,
                new InputPath.Rules(config.poisonRetries(), config.stream().map(RuntimeConfig.StreamSettings::maxAttempts)
                        .orElse(1), config.outputKey().isEmpty()));
        streams = config.stream().map(stream -> new StreamSource(redis, stream.stream(), stream.group(),
                stream.consumer(), config.maxInputBytes()));
        InputSource inputs = streams.<InputSource>map(source -> source)
                .orElseGet(() -> new InputWatcher(redis, config.inputKey(), config.maxInputBytes()));
        loop = new FunctionLoop(ticker, leadership, new CodeUpdates(code, status, context, metrics), code, inputs,
                path, state, inFlight, records, status, context, redisHealth, loopHeartbeat, budgets, clock);
        self[0] = loop;
        http = HealthServer.start(config.httpPort(), registry, liveness, loop::readiness);
        log.info("serving /healthz, /readyz and /metrics on port {}", http.port());
        listener = switch (config.trigger()) {
            case NOTIFY -> Optional.of(new KeyspaceNotifications(redis, config.inputKey(), ticker::wake,
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5))));
            case STREAM -> Optional.of(new KeyspaceNotifications(redis, streams.orElseThrow().stream(),
                    KeyspaceNotifications.STREAMS, ticker::wake, new Backoff(Duration.ofMillis(100),
                            Duration.ofSeconds(5))));
            case POLL -> Optional.empty();
        };
        backlogHeartbeat = streams.map(source -> liveness.loop("backlog", BACKLOG_EVERY.plus(redisTimeout)));
        streams.ifPresent(source -> metrics.backlog(backlog::get));
        exitWatch = new Thread(this::exitingDuringACall, "exit-watch");
    }

    /**
     * How long each step of the function loop may take: a tick, a load (a download, a compilation and the
     * handler's initialisation under the user-code timeout), a call (under its timeout, plus getting rid of one
     * that overran, plus the Redis commands around it).
     */
    private static FunctionLoop.Budgets budgets(RuntimeConfig config) {
        Duration redisTimeout = config.redis().timeout();
        Duration userCode = config.handlerTimeout().plus(FunctionWorker.overrunAllowance());
        return new FunctionLoop.Budgets(
                config.pollInterval().plus(redisTimeout),
                config.code().downloadTimeout().plus(COMPILE_BUDGET).plus(userCode),
                userCode.plus(redisTimeout.multipliedBy(6)),
                redisTimeout.multipliedBy(2));
    }

    public static RuntimeService start(RuntimeConfig config) {
        log.info("fnpulse runtime starting: input {} -> output {}, polling every {} s{}, function {}{}, Redis {}",
                config.stream().map(stream -> "stream " + stream.stream() + " (group " + stream.group()
                        + ", consumer " + stream.consumer() + ")").orElse(config.inputKey()),
                config.outputKey().orElse("(unset: results are logged, not written)"),
                Seconds.of(config.pollInterval()),
                config.trigger() == TriggerMode.POLL ? "" : " and waking on keyspace notifications",
                config.code().functionZip().orElse(config.code().functionPath().toString()),
                config.code().handler().map(handler -> " (" + handler + ")").orElse(""), config.redis());
        RuntimeService service = new RuntimeService(config);
        Runtime.getRuntime().addShutdownHook(service.exitWatch);
        service.listener.ifPresent(KeyspaceNotifications::start);
        service.loopThread = SupervisedLoop.start(service.loopHeartbeat, service.loop::turn,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)));
        if (service.leaseHeartbeat != null) {
            service.leadership.start(service.leaseHeartbeat);
        }
        service.backlogThread = service.streams.map(source -> SupervisedLoop.start(
                service.backlogHeartbeat.orElseThrow(), () -> {
                    service.backlog.set(source.backlog());
                    Thread.sleep(BACKLOG_EVERY.toMillis());
                }, new Backoff(BACKLOG_EVERY, Duration.ofSeconds(10))));
        return service;
    }

    /**
     * The JVM shuts down on SIGTERM only through {@link #close()}; a shutdown that starts while a call runs was
     * started by the function itself, with System.exit. The input stays marked in flight, so the next process knows.
     */
    private void exitingDuringACall() {
        if (invoker.calling()) {
            log.error("the JVM is exiting during a call of the function: it called System.exit (or Runtime.exit);"
                    + " the input stays marked in flight and is skipped as a poison input after POISON_RETRIES"
                    + " such deaths");
        }
    }

    public int httpPort() {
        return http.port();
    }

    /** Lets the call in progress finish and its result be written, then stops everything and releases the lease. */
    @Override
    public void close() {
        loopThread.stop();
        loop.stop();
        try {
            loopThread.join(Duration.ofMinutes(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loopThread.close();
        listener.ifPresent(KeyspaceNotifications::close);
        backlogThread.ifPresent(SupervisedLoop::close);
        leadership.close();
        try {
            lease.release();
        } catch (RuntimeException e) {
            log.debug("could not release the lease: {}", e.getMessage());
        }
        code.close();
        printRouting.close();
        http.close();
        redis.close();
        try {
            Runtime.getRuntime().removeShutdownHook(exitWatch);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        log.info("stopped");
    }
}
