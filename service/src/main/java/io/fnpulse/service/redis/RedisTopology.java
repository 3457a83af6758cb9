package io.fnpulse.service.redis;

import io.fnpulse.service.config.ConfigException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;

/**
 * How the Redis servers are arranged: one server ({@code REDIS_HOST}/{@code REDIS_PORT}), a master found through
 * Sentinel ({@code REDIS_SENTINELS}, {@code REDIS_SENTINEL_MASTER}), or a Cluster ({@code REDIS_CLUSTER=true}, seed
 * nodes in {@code REDIS_NODES} or else {@code REDIS_HOST}/{@code REDIS_PORT}).
 */
public sealed interface RedisTopology {

    record Standalone() implements RedisTopology {}

    /** A master and its replicas watched by sentinels; a failover is followed by the client. */
    record Sentinel(Set<HostAndPort> sentinels, String master) implements RedisTopology {}

    /** A Redis Cluster, found from its seed nodes; slots are followed by the client. */
    record Cluster(Set<HostAndPort> nodes) implements RedisTopology {}

    default boolean cluster() {
        return this instanceof Cluster;
    }

    /** {@code host:port,host:port}, each port from 1 to 65535. */
    static Set<HostAndPort> nodes(String variable, String list) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String item : list.split(",")) {
            String node = item.strip();
            int colon = node.lastIndexOf(':');
            try {
                int port = Integer.parseInt(node.substring(colon + 1));
                if (colon <= 0 || port < 1 || port > 65_535) {
                    throw new NumberFormatException(node);
                }
                nodes.add(new HostAndPort(node.substring(0, colon), port));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new ConfigException(
                        variable, list, "host:port pairs separated by commas, e.g." + " redis-0:26379,redis-1:26379");
            }
        }
        return nodes;
    }

    static String describe(Set<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    }
}
