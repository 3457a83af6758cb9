package io.fnpulse.testsupport.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** A {@code redis:7} container; an outage is simulated by pausing it, which keeps its mapped port. */
final class ContainerTestRedis extends AbstractTestRedis {

    private final GenericContainer<?> container;

    private ContainerTestRedis(GenericContainer<?> container) {
        this.container = container;
    }

    /** Asks Testcontainers only when a Docker endpoint is configured at all, so machines without one stay quick. */
    static boolean dockerAvailable() {
        String dockerHost = System.getenv("DOCKER_HOST");
        boolean endpointConfigured =
                (dockerHost != null && !dockerHost.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
        if (!endpointConfigured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static ContainerTestRedis launch() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
        container.start();
        return new ContainerTestRedis(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(6379);
    }

    @Override
    public String describe() {
        return "redis:7 container at " + host() + ":" + port();
    }

    @Override
    protected void takeDown() {
        DockerClientFactory.instance()
                .client()
                .pauseContainerCmd(container.getContainerId())
                .exec();
    }

    @Override
    protected void bringBack() {
        DockerClientFactory.instance()
                .client()
                .unpauseContainerCmd(container.getContainerId())
                .exec();
    }

    @Override
    protected void shutdown() {
        container.stop();
    }
}
