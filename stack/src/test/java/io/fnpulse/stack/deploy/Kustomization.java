package io.fnpulse.stack.deploy;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Path;

/**
 * The ways k8s/ deploys one function: next to an existing Redis (the seed's setup), with its own Redis and monitor,
 * and the course's Python function next to an existing Redis; each with the function it ships.
 */
enum Kustomization {
    EXISTING_REDIS("k8s", ShippedFunction.JAVA),
    STANDALONE("k8s/overlays/standalone", ShippedFunction.JAVA),
    COURSE("k8s/overlays/course", ShippedFunction.PYTHON);

    /**
     * The metrics function as a kustomization ships it: its source, the copy of it kustomize reads, and the ConfigMap
     * key that holds it.
     */
    enum ShippedFunction {
        JAVA(
                "function/src/main/java/io/fnpulse/function/MetricsFunction.java",
                "k8s/base/function.java",
                "function",
                "function.java"),
        PYTHON(
                "function/src/main/python/metrics_function.py",
                "k8s/overlays/course/metrics_function.py",
                "pyfile",
                "pyfile");

        final String source;
        final String copy;
        final String configMap;
        final String key;

        ShippedFunction(String source, String copy, String configMap, String key) {
            this.source = source;
            this.copy = copy;
            this.configMap = configMap;
            this.key = key;
        }
    }

    private final String dir;
    private final ShippedFunction function;
    private Manifests rendered;

    Kustomization(String dir, ShippedFunction function) {
        this.dir = dir;
        this.function = function;
    }

    Path dir() {
        return ProjectFiles.resolve(dir);
    }

    ShippedFunction function() {
        return function;
    }

    synchronized Manifests manifests() {
        if (rendered == null) {
            rendered = Manifests.render(dir());
        }
        return rendered;
    }

    @Override
    public String toString() {
        return dir;
    }
}
