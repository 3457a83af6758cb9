package io.fnpulse.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.fleet.KeyScan;
import io.fnpulse.runtime.fleet.Members;
import io.fnpulse.runtime.invoke.CallScopes;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.PrintRouting;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.UserCodeLimits;
import io.fnpulse.runtime.loop.CodeUpdates;
import io.fnpulse.runtime.loop.Fleet;
import io.fnpulse.runtime.loop.FunctionLoop;
import io.fnpulse.runtime.loop.InputPath;
import io.fnpulse.runtime.loop.Instance;
import io.fnpulse.runtime.loop.Leadership;
import io.fnpulse.runtime.loop.RedisCallRecords;
import io.fnpulse.runtime.loop.RedisHealth;
import io.fnpulse.runtime.report.CallEntries;
import io.fnpulse.runtime.report.CodeError;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.Commit;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.trigger.InputSource;
import io.fnpulse.runtime.trigger.InputWatcher;
import io.fnpulse.runtime.trigger.StreamSource;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.service.function.KeyPattern;
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
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * One running runtime: its parts wired together, the function loop and the leadership loop on threads of their own,
 * the health endpoints up. It serves one function instance, or, for an input pattern, one per matching key this
 * replica owns. Main runs one from the environment; the local stack runs one in its own process.
 */
public final class RuntimeService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RuntimeService.class);
    /** The most a compilation may take before the function loop counts as stalled. */
    private static final Duration COMPILE_BUDGET = Duration.ofMinutes(5);
    /** Instances of a pattern served at once: enough to overlap their Redis round trips on a small machine. */
    private static final int FLEET_LANES = 4;
    /** How often fnpulse_backlog_entries is refreshed under TRIGGER=stream. */
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);

    private final RuntimeConfig config;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper();
    private final UnifiedJedis redis;
    private final LiveFunction code;
    private final RuntimeMetrics metrics;
    private final CallScopes calls = new CallScopes();
    private final CodeError codeError = new CodeError();
    private final Map<String, RuntimeContext> contexts = new ConcurrentHashMap<>();
    private final Map<String, StreamSource> streams = new ConcurrentHashMap<>();
    /** TRIGGER=stream: each instance's dead letter stream, by input key, counted with the backlog. */
    private final Map<String, String> deadKeys = new ConcurrentHashMap<>();

    private final AtomicLong deadLetters = new AtomicLong();
    private final Ticker ticker;
    private final RedisHealth redisHealth;
    private final Heartbeat loopHeartbeat;
    private final Fleet fleet;
    private final FunctionLoop loop;
    private final Leadership leadership;
    private final HealthServer http;
    private final Optional<KeyspaceNotifications> listener;
    private final Optional<Heartbeat> leaseHeartbeat;
    private final Optional<Heartbeat> backlogHeartbeat;
    private final AtomicLong backlog = new AtomicLong();
    private final PrintRouting printRouting;
    private final Thread exitWatch;
    private volatile Instant codeModifiedAt;
    private SupervisedLoop loopThread;
    private Optional<SupervisedLoop> backlogThread = Optional.empty();

    private RuntimeService(RuntimeConfig config) {
        this.config = config;
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("runtime");
        metrics = new RuntimeMetrics(registry);
        Liveness liveness = new Liveness(registry, clock);
        Duration redisTimeout = config.redis().timeout();
        redis = config.redis().connect();
        code = new LiveFunction(config.code(), new UserCodeLimits(config.handlerTimeout(), metrics::callAbandoned));
        metrics.functionThreads(code::startedThreads);
        metrics.versionsInMemory(code::versionsInMemory);
        printRouting = PrintRouting.install(calls);
        ticker = new Ticker(config.pollInterval());
        FunctionLoop.Budgets budgets = budgets(config);
        loopHeartbeat = liveness.loop("function", budgets.tick());
        redisHealth = new RedisHealth(metrics, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), clock);
        fleet = fleet(config);
        leadership = new Leadership(fleet, config.leaseDuration(), loopHeartbeat, redisHealth, metrics, ticker::wake);
        boolean leases = config.leaseKey().isPresent();
        leaseHeartbeat = leases
                ? Optional.of(liveness.loop("lease", leadership.period().plus(redisTimeout.multipliedBy(4))))
                : Optional.empty();
        loop = new FunctionLoop(
                ticker,
                leadership,
                fleet,
                new CodeUpdates(code, codeError, this::codeModified, metrics),
                code,
                codeError,
                redisHealth,
                loopHeartbeat,
                budgets,
                fleet.isPattern() ? FLEET_LANES : 1);
        http = HealthServer.start(config.httpPort(), registry, liveness, loop::readiness);
        log.info("serving /healthz, /readyz and /metrics on port {}", http.port());
        listener = notifications(config);
        backlogHeartbeat = config.stream().map(stream -> liveness.loop("backlog", BACKLOG_EVERY.plus(redisTimeout)));
        config.stream().ifPresent(stream -> metrics.backlog(backlog::get));
        config.stream().ifPresent(stream -> metrics.deadLetters(deadLetters::get));
        exitWatch = new Thread(this::exitingDuringACall, "exit-watch");
    }

    private Fleet fleet(RuntimeConfig config) {
        Optional<KeyPattern> discovered = config.streamPattern().or(config::inputPattern);
        if (discovered.isEmpty()) {
            return Fleet.single(instance(Optional.empty(), true));
        }
        KeyPattern pattern = discovered.get();
        return Fleet.pattern(
                pattern,
                key -> instance(pattern.suffixOf(key), false),
                new KeyScan(redis, pattern, config.stream().isPresent() ? "stream" : "string"),
                new Members(
                        redis,
                        Members.keyFor(config.outputKey().orElseThrow()),
                        config.instanceId(),
                        config.leaseDuration()));
    }

    /** Everything one instance needs, wired: its context, input, lease, state, records, path. */
    private Instance instance(Optional<String> matched, boolean single) {
        InstanceKeys keys = config.keysFor(matched);
        RuntimeContext context = new RuntimeContext(
                config.redis().host(),
                config.redis().port(),
                keys.input(),
                keys.output().orElse(null),
                calls);
        context.codeModifiedAt(codeModifiedAt);
        contexts.put(keys.input(), context);
        Lease lease = new Lease(redis, keys.lease(), config.instanceId(), config.leaseDuration());
        StatusReport status = new StatusReport(json, context, config.instanceId(), codeError);
        StateStore state = new StateStore(redis, keys.state(), json, clock);
        InFlight inFlight = new InFlight(redis, keys.inflight(), lease, json);
        RedisCallRecords records = new RedisCallRecords(
                inFlight,
                new Commit(
                        redis,
                        lease,
                        keys.commitKeys(),
                        keys.group().orElse(""),
                        config.callsLogLength(),
                        config.outputHistory().toMillis()),
                redisHealth,
                loopHeartbeat,
                ticker,
                () -> loop.running(),
                config.redis().timeout(),
                clock,
                keys.lease().orElse("(none)"));
        Invoker invoker = new Invoker(context, config.handlerTimeout(), json, config.captureBytes());
        InputPath path = new InputPath(
                code::current,
                new InputDecoder(json),
                invoker,
                records,
                state::encode,
                status,
                new CallEntries(json),
                context,
                metrics,
                json,
                clock,
                new InputPath.Rules(
                        config.poisonRetries(),
                        config.stream()
                                .map(RuntimeConfig.StreamSettings::maxAttempts)
                                .orElse(1),
                        config.outputKey().isEmpty()));
        InputSource inputs;
        if (keys.stream().isPresent()) {
            StreamSource source = new StreamSource(
                    redis,
                    keys.stream().get(),
                    keys.group().orElseThrow(),
                    config.stream().orElseThrow().consumer(),
                    config.maxInputBytes());
            streams.put(keys.input(), source);
            keys.dead().ifPresent(dead -> deadKeys.put(keys.input(), dead));
            inputs = source;
        } else {
            inputs = new InputWatcher(redis, keys.input(), config.maxInputBytes());
        }
        return new Instance(keys, context, inputs, state, inFlight, lease, records, status, path, clock, single);
    }

    private void codeModified(Instant when) {
        codeModifiedAt = when;
        contexts.values().forEach(context -> context.codeModifiedAt(when));
    }

    /** Keyspace notifications wake the loop, and name the instance to read first (or a new key of the pattern). */
    private Optional<KeyspaceNotifications> notifications(RuntimeConfig config) {
        if (config.trigger() == TriggerMode.POLL) {
            return Optional.empty();
        }
        if (config.redis().cluster()) {
            log.info(
                    "on a Redis Cluster keyspace notifications stay on the node that has the key, so the runtime"
                            + " reads at its poll interval (POLL_INTERVAL_SECONDS={}) instead",
                    Seconds.of(config.pollInterval()));
            return Optional.empty();
        }
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        char events =
                config.trigger() == TriggerMode.STREAM ? KeyspaceNotifications.STREAMS : KeyspaceNotifications.STRINGS;
        Optional<KeyPattern> pattern = config.streamPattern().or(config::inputPattern);
        String watched = pattern.map(KeyPattern::glob)
                .orElseGet(() -> config.keysFor(Optional.empty()).stream().orElse(config.inputKey()));
        String single = config.keysFor(Optional.empty()).input();
        return Optional.of(new KeyspaceNotifications(
                redis,
                watched,
                pattern.isPresent(),
                events,
                key -> {
                    if (key != null) {
                        fleet.written(pattern.isPresent() ? key : single);
                    }
                    ticker.wake();
                },
                backoff));
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
        log.info(
                "fnpulse runtime starting: input {} -> output {}, polling every {} s{}, function {}{}, Redis {}",
                config.stream()
                        .map(stream -> "stream " + stream.stream() + " (group " + stream.group() + ", consumer "
                                + stream.consumer() + ")")
                        .orElse(config.inputKey()),
                config.outputKey()
                        .map(key -> config.inputPattern().isPresent() ? key + ":*" : key)
                        .orElse("(unset: results are logged, not written)"),
                Seconds.of(config.pollInterval()),
                config.trigger() == TriggerMode.POLL ? "" : " and waking on keyspace notifications",
                config.code().functionZip().orElse(config.code().functionPath().toString()),
                config.code().handler().map(handler -> " (" + handler + ")").orElse(""),
                config.redis());
        RuntimeService service = new RuntimeService(config);
        Runtime.getRuntime().addShutdownHook(service.exitWatch);
        service.listener.ifPresent(KeyspaceNotifications::start);
        service.loopThread = SupervisedLoop.start(
                service.loopHeartbeat, service.loop::turn, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)));
        service.leaseHeartbeat.ifPresent(service.leadership::start);
        service.backlogThread = service.backlogHeartbeat.map(heartbeat -> SupervisedLoop.start(
                heartbeat,
                () -> {
                    service.backlog.set(service.streams.values().stream()
                            .mapToLong(StreamSource::backlog)
                            .sum());
                    service.deadLetters.set(service.deadKeys.values().stream()
                            .mapToLong(service.redis::xlen)
                            .sum());
                    Thread.sleep(BACKLOG_EVERY.toMillis());
                },
                new Backoff(BACKLOG_EVERY, Duration.ofSeconds(10))));
        return service;
    }

    /**
     * The JVM shuts down on SIGTERM only through {@link #close()}; a shutdown that starts while a call runs was
     * started by the function itself, with System.exit. The input stays marked in flight, so the next process knows.
     */
    private void exitingDuringACall() {
        if (calls.calling()) {
            log.error("the JVM is exiting during a call of the function: it called System.exit (or Runtime.exit);"
                    + " the input stays marked in flight and is skipped as a poison input after POISON_RETRIES"
                    + " such deaths");
        }
    }

    public int httpPort() {
        return http.port();
    }

    /** Lets the call in progress finish and its result be written, then stops everything and releases the leases. */
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
            fleet.served().forEach(instance -> instance.lease().release());
            fleet.leave();
        } catch (RuntimeException e) {
            log.debug("could not release the leases: {}", e.getMessage());
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
