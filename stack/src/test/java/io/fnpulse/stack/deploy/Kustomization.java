package io.fnpulse.stack.deploy;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Path;

/** The two ways k8s/ deploys: next to an existing Redis (the seed's setup), or with its own Redis and monitor. */
enum Kustomization {
    EXISTING_REDIS("k8s"),
    STANDALONE("k8s/overlays/standalone");

    private final String dir;
    private Manifests rendered;

    Kustomization(String dir) {
        this.dir = dir;
    }

    Path dir() {
        return ProjectFiles.resolve(dir);
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
