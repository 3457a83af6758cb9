# syntax=docker/dockerfile:1.7
# The fnpulse runtime. Build from the repository root:
#   docker build -f docker/runtime.Dockerfile -t ghcr.io/fnpulse/runtime:0.1.0 .
#
# build  -> the jar, with the Maven wrapper, on Java 17 as everywhere (it runs here on Java 25)
# jre    -> a jlink'd Java 25 holding what jdeps finds in the jar plus jdk.compiler (functions shipped as .java are
#           compiled, in a child JVM of this JRE)
# aot    -> one real first minute against a throwaway Redis -- the metrics function compiled from source, the first
#           calls, the probes -- with the image's JVM options (docker/runtime.jvm-options), writing their AOT caches:
#           the runtime's and that of the JVM it compiles in
# rootfs -> that JRE, Debian's CPython for Python functions (docker/python-rootfs.sh: the interpreter, its standard
#           library in one zip less what a worker has no use for, the time zones), and the few files of the base
#           image both need (docker/jre-rootfs.sh)
# image  -> rootfs + jar + JVM options + AOT caches, on an empty image (docs/deploy.md)
#
# The base images are build arguments, for a registry mirror or a network with no access to Docker Hub
# (docs/deploy.md): --build-arg JDK_IMAGE=registry.example.com/eclipse-temurin:17-jdk-jammy, JDK25_IMAGE (the JRE's
# JDK, eclipse-temurin:25-jdk), BASE_IMAGE, REDIS_IMAGE.
# EXTRA_CA_CERT: PEM text of a CA the build stage's Maven must trust (a TLS-intercepting proxy).
ARG JDK_IMAGE=eclipse-temurin:17-jdk-jammy
ARG JDK25_IMAGE=eclipse-temurin:25-jdk
ARG BASE_IMAGE=debian:bookworm-slim
ARG REDIS_IMAGE=redis:7.4-bookworm

FROM ${JDK_IMAGE} AS build
ARG EXTRA_CA_CERT=
COPY docker/trust-extra-ca.sh /usr/local/bin/
RUN trust-extra-ca.sh
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Maven reads every module of the reactor, even to build one of them.
COPY api/pom.xml api/
COPY test-support/pom.xml test-support/
COPY service/pom.xml service/
COPY runtime/pom.xml runtime/
COPY testkit/pom.xml testkit/
COPY function/pom.xml function/
COPY monitor/pom.xml monitor/
COPY dashboard/pom.xml dashboard/
COPY stack/pom.xml stack/
COPY bench/pom.xml bench/
# The sources of the runtime and of the modules it is built from (-am).
COPY api/src/main api/src/main
COPY test-support/src/main test-support/src/main
COPY service/src/main service/src/main
COPY runtime/src/main runtime/src/main
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Dmaven.test.skip=true -pl runtime -am package

FROM ${JDK25_IMAGE} AS jre
COPY --from=build /src/runtime/target/fnpulse-runtime.jar /tmp/fnpulse-runtime.jar
# jdk.compiler: javac, in the child JVM that compiles .java functions, less its ct.sym (11 MB: the platform's APIs of
# earlier releases, for --release, which the runtime never passes); jdk.crypto.ec: TLS to Redis (REDIS_TLS=true) with
# EC certificates. Not java.desktop (AWT with its fonts and image libraries: 15 MB of the image), which jdeps names
# only for classes that run without it: Jackson's optional java.beans annotations (looked up, skipped when absent)
# and Micrometer's Log4j2 binder (the runtime logs through Logback). jdeps lists java.base first.
RUN jlink \
      --add-modules "$(jdeps --print-module-deps --ignore-missing-deps --multi-release 25 /tmp/fnpulse-runtime.jar | sed s/,java.desktop//),jdk.compiler,jdk.unsupported,jdk.httpserver,java.net.http,jdk.crypto.ec" \
      --strip-debug --no-man-pages --no-header-files --compress=zip-6 --exclude-files='**/ct.sym' \
      --output /opt/jre

# The jar, the JVM and the options at the very paths the image has: an AOT cache is used only with those.
FROM ${REDIS_IMAGE} AS aot
COPY --from=jre /opt/jre /opt/jre
COPY --from=build /src/runtime/target/fnpulse-runtime.jar /app/fnpulse-runtime.jar
COPY docker/runtime.jvm-options /app/runtime.jvm-options
COPY docker/cds-training.sh /training/
COPY function/src/main/java/io/fnpulse/function/MetricsFunction.java /training/function.java
COPY data/metrics-stream.jsonl /training/
RUN PATH=/opt/jre/bin:$PATH /training/cds-training.sh runtime /app/fnpulse-runtime.jar /app/runtime.jvm-options \
      /training/function.java /training/metrics-stream.jsonl

FROM ${BASE_IMAGE} AS rootfs
COPY --from=jre /opt/jre /rootfs/opt/jre
COPY docker/jre-rootfs.sh docker/python-rootfs.sh docker/image-sbom.sh /usr/local/bin/
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3.11-minimal libpython3.11-stdlib \
 && rm -rf /var/lib/apt/lists/*
RUN python-rootfs.sh /rootfs
RUN jre-rootfs.sh /rootfs
# The image's SBOM (CycloneDX) beside the jar's, both in /app/sbom: the jar and its libraries, the JRE, the Debian
# packages of the files kept (docker/image-sbom.sh).
COPY --from=build /src/runtime/target/fnpulse-runtime.cdx.json /rootfs/app/sbom/fnpulse-runtime.cdx.json
RUN image-sbom.sh /rootfs ghcr.io/fnpulse/runtime:0.1.0 /rootfs/app/sbom/fnpulse-runtime.cdx.json >/rootfs/app/sbom/image.cdx.json

FROM scratch
COPY --from=rootfs /rootfs/ /
ENV JAVA_HOME=/opt/jre
ENV PATH=/opt/jre/bin:/usr/bin:/bin
ENV LANG=C.UTF-8
WORKDIR /app
COPY --from=aot /app/fnpulse-runtime.jar /app/runtime.jvm-options /app/runtime.aot /app/compiler.aot /app/
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "@/app/runtime.jvm-options", "-jar", "/app/fnpulse-runtime.jar"]
