package io.fnpulse.runtime;

import io.fnpulse.service.config.Env;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who this runtime process is, derived once: its name — the pod's on Kubernetes ({@code HOSTNAME}), else this host's —
 * which is its consumer name in a stream's group, and that name with the process ID, which holds its leases and its
 * membership of a fleet (two processes on one host are two replicas).
 */
public record Replica(String name, long pid) {

    public static Replica fromEnv(Env env) {
        long pid = ProcessHandle.current().pid();
        return new Replica(env.optional("HOSTNAME").orElseGet(() -> hostName(pid)), pid);
    }

    /** The holder of this process's leases and its name among a fleet's members. */
    public String id() {
        return name + "-" + pid;
    }

    /** Its consumer name in a stream's group: the same for the process that replaces it on the same pod. */
    public String consumer() {
        return name;
    }

    private static String hostName(long pid) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "runtime-" + pid;
        }
    }
}
