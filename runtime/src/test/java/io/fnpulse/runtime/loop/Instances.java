package io.fnpulse.runtime.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.report.CodeError;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.trigger.InputWatcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/** Instances for the leadership and fleet tests: real keys and a real lease, a path that is never called. */
final class Instances {

    private Instances() {}

    static Instance of(UnifiedJedis redis, String inputKey, String outputKey, String owner, Duration lease) {
        ObjectMapper json = new ObjectMapper();
        InstanceKeys keys = new InstanceKeys(
                inputKey,
                Optional.of(outputKey),
                Optional.of(outputKey + ":env"),
                Optional.of(outputKey + ":status"),
                Optional.of(outputKey + ":lock"),
                Optional.of(outputKey + ":inflight"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        RuntimeContext context = new RuntimeContext("localhost", 6379, inputKey, outputKey);
        Lease theLease = new Lease(redis, keys.lease(), owner, lease);
        FakeRecords records = new FakeRecords();
        StatusReport status = new StatusReport(json, context, owner, new CodeError());
        StateStore state = new StateStore(redis, keys.state(), json, Clock.systemUTC());
        InputPath path = new InputPath(
                Optional::empty,
                new InputDecoder(json),
                new Invoker(context, Duration.ofSeconds(1), json, 0),
                records,
                new TestStateKey(false),
                status,
                context,
                new RuntimeMetrics(new SimpleMeterRegistry()),
                json,
                Clock.systemUTC(),
                new InputPath.Rules(1, 1, false),
                DeathWatch.embedded());
        return new Instance(
                keys,
                context,
                new InputWatcher(redis, inputKey, 1024),
                state,
                new InFlight(redis, keys.inflight(), theLease, json),
                theLease,
                records,
                status,
                path,
                Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC),
                true);
    }
}
