package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.python.PythonSettings;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.service.text.Digest;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The runtime of every kustomization k8s/ ships — k8s/ itself and each overlay on disk, so every combination of trigger
 * and input pattern a manifest ships — run end to end: the real jar with exactly the environment and files the manifest
 * gives its container, against a Redis set up as the manifest's own Redis (or, beside an existing Redis, as one comes:
 * no keyspace notifications), fed as the manifest's monitor publishes (its key, its stream; on two nodes where it runs
 * on every node) or, where it ships none, as the seed's agent does (a SET of the input key). Every instance's outputs
 * are the metrics function's expected ones, each output's history entry names the input it came from, and SIGTERM
 * stops the runtime cleanly with every lease given back.
 */
@ExtendWith(RedisExtension.class)
class ShippedRuntimesIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int SNAPSHOTS = 4;
    /** The nodes a monitor that runs on every node (a DaemonSet) publishes from. */
    private static final List<String> NODES = List.of(ContainerView.NODE, "worker-2");

    /** Where one publisher puts each snapshot: a key it SETs, and a stream it XADDs to, if any. */
    private record Publisher(String key, Optional<String> stream) {}

    @TempDir
    Path root;

    static Stream<String> kustomizations() {
        return ManifestSchemaTest.kustomizations();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theShippedRuntimeHandlesWhatItsPublishersSend(String kustomization, TestRedis redis) throws Exception {
        Manifests manifests = Manifests.render(ProjectFiles.resolve(kustomization));
        assumeTrue(
                !manifests
                                .container(FnpulseService.RUNTIME)
                                .env(manifests)
                                .getOrDefault(RuntimeConfig.FUNCTION_PATH, "")
                                .endsWith(".py")
                        || Files.isExecutable(Path.of(PythonSettings.DEFAULT_INTERPRETER)),
                kustomization + " runs a Python function, and python3 is not installed at "
                        + PythonSettings.DEFAULT_INTERPRETER + ": skipped");
        redis.client().flushAll();
        redis.client().configSet("notify-keyspace-events", notifications(manifests));
        List<String> snapshots = ProjectFiles.metricsStream().subList(0, SNAPSHOTS);
        List<String> expected = ProjectFiles.expectedOutput().subList(0, SNAPSHOTS);

        try (DeployedRuntime runtime = DeployedRuntime.start(manifests, redis, root)) {
            RuntimeConfig config = RuntimeConfig.fromEnv(new Env(runtime.env()));
            Map<Publisher, InstanceKeys> instances = new LinkedHashMap<>();
            for (Publisher publisher : publishers(manifests, config)) {
                InstanceKeys keys = config.keys().keysOf(publisher.stream().orElse(publisher.key()));
                assertThat(keys.input()).as("the input key the function sees").isEqualTo(publisher.key());
                assertThat(keys.stream().isEmpty() || keys.stream().equals(publisher.stream()))
                        .as("%s reads the stream %s publishes to", keys, publisher)
                        .isTrue();
                instances.put(publisher, keys);
            }
            assertThat(instances.values()).extracting(InstanceKeys::output).doesNotHaveDuplicates();

            for (int i = 0; i < SNAPSHOTS; i++) {
                Map<Publisher, Optional<String>> entries = new LinkedHashMap<>();
                for (Publisher publisher : instances.keySet()) {
                    entries.put(publisher, publish(redis, publisher, snapshots.get(i)));
                }
                String digest = Digest.ofText(snapshots.get(i));
                for (Map.Entry<Publisher, InstanceKeys> instance : instances.entrySet()) {
                    InstanceKeys keys = instance.getValue();
                    String output = awaitOutputOf(redis, keys, digest);
                    JsonNumbers.assertClose(
                            expected.get(i),
                            output,
                            1e-9,
                            kustomization + ", " + keys.input() + ", snapshot " + (i + 1));
                    HistoryEntry history = lastHistoryEntry(redis, keys);
                    assertThat(history.data()).isEqualTo(output);
                    assertThat(history.inputDigest()).isEqualTo(digest);
                    assertThat(history.streamId())
                            .as("the input stream entry, under TRIGGER=stream")
                            .isEqualTo(keys.stream().isPresent() ? entries.get(instance.getKey()) : Optional.empty());
                }
            }

            assertThat(runtime.process().terminate(WAIT))
                    .as("exit code on SIGTERM")
                    .isZero();
            for (InstanceKeys keys : instances.values()) {
                assertThat(redis.client().exists(keys.lease().orElseThrow()))
                        .as("%s given back", keys.lease())
                        .isFalse();
            }
            assertThat(runtime.process().findLine("Can't execute|ERROR")).isEmpty();
        }
    }

    /** The keyspace events the manifest's own Redis sends; none for an existing Redis, which has them off by default. */
    private static String notifications(Manifests manifests) {
        ContainerView runtime = manifests.container(FnpulseService.RUNTIME);
        String host = RedisSettings.fromEnv(new Env(runtime.env(manifests))).host();
        return manifests.find("Service", host).isEmpty()
                ? ""
                : manifests
                        .redisFor(runtime)
                        .argument("--notify-keyspace-events")
                        .orElse("");
    }

    /** The monitor's targets, on every node it runs on; without a monitor, the input key as the seed's agent SETs it. */
    private static Set<Publisher> publishers(Manifests manifests, RuntimeConfig runtime) {
        Set<Publisher> publishers = new LinkedHashSet<>();
        Optional<ContainerView> monitor = manifests.containers().stream()
                .filter(container -> container.service().equals(Optional.of(FnpulseService.MONITOR)))
                .findFirst();
        if (monitor.isEmpty()) {
            publishers.add(new Publisher(runtime.keys().single().input(), Optional.empty()));
            return publishers;
        }
        for (String node : NODES) {
            Map<String, String> env = new LinkedHashMap<>(monitor.get().env(manifests));
            env.put(MonitorConfig.NODE_NAME, node);
            MonitorConfig config = MonitorConfig.fromEnv(new Env(env));
            publishers.add(new Publisher(config.metricsKey(), config.metricsStream()));
        }
        return publishers;
    }

    /** As the monitor publishes: SET, and XADD where it has a stream; returns the entry's ID. */
    private static Optional<String> publish(TestRedis redis, Publisher publisher, String snapshot) {
        redis.client().set(publisher.key(), snapshot);
        return publisher.stream()
                .map(stream -> redis.client()
                        .xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("data", snapshot))
                        .toString());
    }

    /** Waits until the instance has saved the state of that very input; returns its output. */
    private static String awaitOutputOf(TestRedis redis, InstanceKeys keys, String digest) {
        String stateKey = keys.state().orElseThrow();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            String state = redis.client().get(stateKey);
            return state != null
                    && Yamls.JSON.readTree(state).path("inputDigest").asText().equals(digest);
        });
        return redis.client().get(keys.output().orElseThrow());
    }

    private static HistoryEntry lastHistoryEntry(TestRedis redis, InstanceKeys keys) {
        List<StreamEntry> newest = redis.client().xrevrange(keys.history().orElseThrow(), "+", "-", 1);
        assertThat(newest).as("%s has an entry", keys.history()).hasSize(1);
        return HistoryEntry.of(newest.get(0).getFields()).orElseThrow();
    }
}
