package io.fnpulse.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.fleet.KeyScan;
import io.fnpulse.runtime.fleet.Members;
import io.fnpulse.runtime.invoke.CallScopes;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.JsonMappers;
import io.fnpulse.runtime.invoke.PrintRouting;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.UserCodeLimits;
import io.fnpulse.runtime.loop.Backlog;
import io.fnpulse.runtime.loop.CodeUpdates;
import io.fnpulse.runtime.loop.DeathWatch;
import io.fnpulse.runtime.loop.Fleet;
import io.fnpulse.runtime.loop.FunctionLoop;
import io.fnpulse.runtime.loop.InputPath;
import io.fnpulse.runtime.loop.Instance;
import io.fnpulse.runtime.loop.Leadership;
import io.fnpulse.runtime.loop.RedisCallRecords;
import io.fnpulse.runtime.loop.RedisHealth;
import io.fnpulse.runtime.python.PythonFunctions;
import io.fnpulse.runtime.report.CodeError;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.Commit;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.trigger.DigestsAhead;
import io.fnpulse.runtime.trigger.InputSource;
import io.fnpulse.runtime.trigger.InputWatcher;
import io.fnpulse.runtime.trigger.StreamSource;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.runtime.worker.AbandonedCallExit;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.function.KeyPattern;
import io.fnpulse.service.http.HealthServer;
import io.fnpulse.service.lifecycle.Ahead;
import io.fnpulse.service.lifecycle.DaemonThreads;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.lifecycle.OutOfMemoryExit;
import io.fnpulse.service.lifecycle.SupervisedLoop;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.text.Seconds;
import io.fnpulse.service.time.Durations;
import io.fnpulse.service.trigger.KeyspaceNotifications;
import io.fnpulse.service.trigger.TriggerMode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final RuntimeConfig config;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json;
    private final UnifiedJedis redis;
    private final PythonFunctions python;
    private final LiveFunction code;
    private final RuntimeMetrics metrics;
    private final CallScopes calls = new CallScopes();
    private final CodeError codeError = new CodeError();
    /** Made on their own thread, started only with the first stream entry. */
    private final DigestsAhead digests = new DigestsAhead();

    private final Ticker ticker;
    private final RedisHealth redisHealth;
    private final Heartbeat loopHeartbeat;
    private final Fleet fleet;
    private final FunctionLoop loop;
    private final Leadership leadership;
    private final HealthServer http;
    private final Optional<KeyspaceNotifications> listener;
    private final Optional<Heartbeat> leaseHeartbeat;
    private final Optional<Backlog> backlog;
    private final Optional<Heartbeat> backlogHeartbeat;
    private final PrintRouting printRouting;
    private final Thread exitWatch;
    private final DeathWatch deathWatch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private SupervisedLoop loopThread;
    private Optional<SupervisedLoop> backlogThread = Optional.empty();

    private RuntimeService(RuntimeConfig config, boolean ownsProcess) {
        this.config = config;
        // The JSON mapper (Jackson's classes, and the JDK's locale data for its date format) is made on a second
        // thread while this one goes on with the rest, and then prepared for the first input on another.
        Ahead<ObjectMapper> jsonAhead = Ahead.start("json-setup", JsonMappers::create);
        deathWatch = ownsProcess ? new DeathWatch(new AbandonedCallExit(this::endProcess)) : DeathWatch.embedded();
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("runtime");
        metrics = new RuntimeMetrics(registry);
        Liveness liveness = new Liveness(registry, clock);
        Duration redisTimeout = config.redis().timeout();
        redis = config.redis().connect();
        python = new PythonFunctions(config.python(), config.code().workDir().resolve("python"));
        metrics.pythonWorkers(python.stats());
        code = new LiveFunction(
                config.code(), new UserCodeLimits(config.handlerTimeout(), metrics::callAbandoned), python);
        metrics.functionThreads(code::startedThreads);
        metrics.versionsInMemory(code::versionsInMemory);
        printRouting = PrintRouting.install(calls);
        ticker = new Ticker(config.pollInterval());
        FunctionLoop.Budgets budgets = budgets(config);
        loopHeartbeat = liveness.loop("function", budgets.tick());
        redisHealth = new RedisHealth(metrics, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)), clock);
        json = jsonAhead.get();
        DaemonThreads.daemon(() -> JsonMappers.prepare(json), "json-prepare").start();
        fleet = fleet(config);
        leadership = new Leadership(fleet, config.leaseDuration(), loopHeartbeat, redisHealth, metrics, ticker::wake);
        boolean leases = config.outputKey().isPresent();
        leaseHeartbeat = leases
                ? Optional.of(liveness.loop("lease", leadership.period().plus(Durations.times(redisTimeout, 4))))
                : Optional.empty();
        loop = new FunctionLoop(
                ticker,
                leadership,
                fleet,
                new CodeUpdates(code, codeError, fleet::codeModified, metrics),
                code,
                codeError,
                redisHealth,
                loopHeartbeat,
                budgets,
                fleet.isPattern() ? FLEET_LANES : 1);
        http = HealthServer.start(config.httpPort(), registry, liveness, loop::readiness);
        log.info("serving /healthz, /readyz and /metrics on port {}", http.port());
        listener = notifications(config);
        backlog = config.keys().stream().map(stream -> new Backlog(fleet, redisHealth, redis, metrics));
        backlogHeartbeat = backlog.map(counting -> liveness.loop("backlog", Backlog.EVERY.plus(redisTimeout)));
        exitWatch = new Thread(this::exitingDuringACall, "exit-watch");
    }

    private Fleet fleet(RuntimeConfig config) {
        KeySettings keys = config.keys();
        if (keys.pattern().isEmpty()) {
            return Fleet.single(instance(keys.single(), true));
        }
        KeyPattern pattern = keys.pattern().get();
        return Fleet.pattern(
                pattern,
                key -> instance(keys.keysOf(key), false),
                new KeyScan(redis, pattern, keys.stream().isPresent() ? "stream" : "string"),
                new Members(
                        redis,
                        Members.keyFor(config.outputKey().orElseThrow()),
                        config.replica().id(),
                        config.leaseDuration()));
    }

    /** Everything one instance needs, wired: its context, input, lease, state, records, path. */
    private Instance instance(InstanceKeys keys, boolean single) {
        RuntimeContext context = new RuntimeContext(
                config.redis().host(),
                config.redis().port(),
                keys.input(),
                keys.output().orElse(null),
                calls);
        String owner = config.replica().id();
        Lease lease = new Lease(redis, keys.lease(), owner, config.leaseDuration());
        StatusReport status = new StatusReport(json, context, owner, codeError);
        StateStore state = new StateStore(redis, keys.state(), json, clock);
        InFlight inFlight = new InFlight(redis, keys.inflight(), lease, json);
        RedisCallRecords records = new RedisCallRecords(
                inFlight,
                new Commit(
                        redis,
                        lease,
                        keys,
                        config.callsLogLength(),
                        config.outputHistory().toMillis(),
                        json),
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
                state,
                status,
                context,
                metrics,
                json,
                clock,
                new InputPath.Rules(
                        config.poisonRetries(),
                        config.maxAttempts(),
                        config.outputKey().isEmpty()),
                deathWatch);
        InputSource inputs = keys.stream()
                .<InputSource>map(stream -> new StreamSource(
                        redis,
                        stream,
                        keys.group().orElseThrow(),
                        config.replica().consumer(),
                        config.maxInputBytes(),
                        digests))
                .orElseGet(() -> new InputWatcher(redis, keys.input(), config.maxInputBytes()));
        return new Instance(keys, context, inputs, state, inFlight, lease, records, status, path, clock, single);
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
        char events =
                config.trigger() == TriggerMode.STREAM ? KeyspaceNotifications.STREAMS : KeyspaceNotifications.STRINGS;
        return Optional.of(new KeyspaceNotifications(
                () -> config.redis().openSubscriber(redis),
                config.keys().watched(),
                config.keys().pattern().isPresent(),
                events,
                key -> {
                    if (key != null) {
                        fleet.written(key);
                    }
                    ticker.wake();
                },
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5))));
    }

    /**
     * How long each step of the function loop may take: a tick, a load (a download, a compilation and the
     * handler's initialisation under the user-code timeout), a call (under its timeout, plus getting rid of one
     * that overran, plus the Redis commands around it; a Python function's call may first wait for a restarted
     * worker to import the module, under the same timeout).
     */
    private static FunctionLoop.Budgets budgets(RuntimeConfig config) {
        Duration redisTimeout = config.redis().timeout();
        Duration userCode = config.handlerTimeout().plus(FunctionWorker.overrunAllowance());
        return new FunctionLoop.Budgets(
                config.pollInterval().plus(redisTimeout),
                config.code().downloadTimeout().plus(COMPILE_BUDGET).plus(userCode),
                Durations.times(userCode, 2).plus(Durations.times(redisTimeout, 6)),
                Durations.times(redisTimeout, 2));
    }

    /**
     * A runtime embedded in another program (the local stack, tests): it never ends the process, so a call that ignores
     * its interrupt on a JDK that cannot stop threads leaves its thread running, as it did before.
     */
    public static RuntimeService start(RuntimeConfig config) {
        return start(config, false);
    }

    /**
     * The runtime as its own process ({@code Main}): a death in a call for a reason it can see (out of memory, the
     * function calling {@code System.exit}) is recorded against the call's input before the process goes, and a call
     * that cannot be stopped ends the process, once no other call runs, with exit code {@value
     * AbandonedCallExit#EXIT_CODE}.
     */
    public static RuntimeService startAsProcess(RuntimeConfig config) {
        return start(config, true);
    }

    private static RuntimeService start(RuntimeConfig config, boolean ownsProcess) {
        KeySettings keys = config.keys();
        log.info(
                "fnpulse runtime starting: input {} -> output {}, polling every {} s{}, function {}{}, Redis {}",
                keys.describeInput()
                        + keys.stream()
                                .map(stream -> ", consumer " + config.replica().consumer())
                                .orElse(""),
                keys.describeOutput(),
                Seconds.of(config.pollInterval()),
                config.trigger() == TriggerMode.POLL ? "" : " and waking on keyspace notifications",
                config.code().functionZip().orElse(config.code().functionPath().toString()),
                config.code().handler().map(handler -> " (" + handler + ")").orElse(""),
                config.redis());
        RuntimeService service = new RuntimeService(config, ownsProcess);
        if (ownsProcess) {
            OutOfMemoryExit.install("runtime", service.deathWatch::outOfMemory);
        }
        Runtime.getRuntime().addShutdownHook(service.exitWatch);
        service.listener.ifPresent(KeyspaceNotifications::start);
        service.loopThread = SupervisedLoop.start(
                service.loopHeartbeat, service.loop::turn, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)));
        service.leaseHeartbeat.ifPresent(service.leadership::start);
        service.backlogThread = service.backlog.map(counting -> SupervisedLoop.start(
                service.backlogHeartbeat.orElseThrow(),
                counting::turn,
                new Backoff(Backlog.EVERY, Duration.ofSeconds(10))));
        return service;
    }

    /**
     * The JVM shuts down on SIGTERM only through {@link #close()}; a shutdown that starts while a call runs was
     * started by the function itself, with System.exit. The in-flight marker records that death against the input,
     * so the next process skips it as a poison input after POISON_RETRIES such deaths.
     */
    private void exitingDuringACall() {
        if (calls.calling()) {
            log.error("the JVM is exiting during a call of the function: it called System.exit (or Runtime.exit);"
                    + " the input is recorded as the cause, and skipped as a poison input after POISON_RETRIES"
                    + " such deaths");
            deathWatch.dying(
                    ErrorReport.of("SystemExit", "the function called System.exit (or Runtime.exit) during the call"));
        }
    }

    /**
     * After a call that could not be stopped, once no other call runs: stops as for SIGTERM (the leases given back,
     * so that the restarted process takes over at once), then exits with {@code code}. On a thread of its own, since
     * the loop it stops is the one that asks.
     */
    private void endProcess(int code) {
        Thread closer = new Thread(
                () -> {
                    close();
                    Runtime.getRuntime().exit(code);
                },
                "abandoned-call-exit");
        closer.start();
    }

    public int httpPort() {
        return http.port();
    }

    /** Lets the call in progress finish and its result be written, then stops everything and releases the leases. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loopThread.stop();
        loop.stop();
        try {
            loopThread.join(Duration.ofMinutes(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loopThread.close();
        digests.close();
        listener.ifPresent(KeyspaceNotifications::close);
        backlogThread.ifPresent(SupervisedLoop::close);
        leadership.close();
        try {
            fleet.leave();
        } catch (RuntimeException e) {
            log.warn("could not give back the leases and the fleet membership: {}", e.getMessage());
        }
        code.close();
        python.close();
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
