# syntax=docker/dockerfile:1.7
# The fnpulse monitor: publishes this host's metrics to Redis. Build from the repository root:
#   docker build -f docker/monitor.Dockerfile -t ghcr.io/fnpulse/monitor:0.1.0 .
#
# build  -> the jar, with the Maven wrapper
# jre    -> a jlink'd Java 17 holding what jdeps finds in the jar
# cds    -> one real run against a throwaway Redis (the first snapshot, the probes) records the classes it loads
# rootfs -> that JRE and the few files of the base image it needs (docker/jre-rootfs.sh)
# image  -> rootfs + jar + an AppCDS archive dumped from that list, on an empty image (docs/deploy.md)
#
# The base images are build arguments, for a registry mirror or a network with no access to Docker Hub
# (docs/deploy.md): --build-arg JDK_IMAGE=registry.example.com/eclipse-temurin:17-jdk-jammy, BASE_IMAGE, REDIS_IMAGE.
# EXTRA_CA_CERT: PEM text of a CA the build stage's Maven must trust (a TLS-intercepting proxy).
ARG JDK_IMAGE=eclipse-temurin:17-jdk-jammy
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
# The sources of the monitor and of the modules it is built from (-am).
COPY api/src/main api/src/main
COPY test-support/src/main test-support/src/main
COPY service/src/main service/src/main
COPY monitor/src/main monitor/src/main
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Dmaven.test.skip=true -pl monitor -am package

FROM ${JDK_IMAGE} AS jre
COPY --from=build /src/monitor/target/fnpulse-monitor.jar /tmp/fnpulse-monitor.jar
# jdk.crypto.ec: TLS to Redis (REDIS_TLS=true) with EC certificates; found through a service loader, not by jdeps.
RUN jlink \
      --add-modules "$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 /tmp/fnpulse-monitor.jar),jdk.crypto.ec" \
      --strip-debug --no-man-pages --no-header-files --compress=2 \
      --output /opt/jre

FROM ${REDIS_IMAGE} AS cds
COPY --from=jre /opt/jre /opt/jre
COPY --from=build /src/monitor/target/fnpulse-monitor.jar /app/fnpulse-monitor.jar
COPY docker/cds-training.sh /training/
RUN PATH=/opt/jre/bin:$PATH /training/cds-training.sh monitor /app/fnpulse-monitor.jar /training/monitor.classlist

FROM ${BASE_IMAGE} AS rootfs
COPY --from=jre /opt/jre /rootfs/opt/jre
COPY docker/jre-rootfs.sh docker/image-sbom.sh /usr/local/bin/
# libudev.so.1: OSHI loads it through JNA (ldd cannot see that).
RUN jre-rootfs.sh /rootfs libudev.so.1
# The image's SBOM (CycloneDX) beside the jar's, both in /app/sbom: the jar and its libraries, the JRE, the Debian
# packages of the files kept (docker/image-sbom.sh).
COPY --from=build /src/monitor/target/fnpulse-monitor.cdx.json /rootfs/app/sbom/fnpulse-monitor.cdx.json
RUN image-sbom.sh /rootfs ghcr.io/fnpulse/monitor:0.1.0 /rootfs/app/sbom/fnpulse-monitor.cdx.json >/rootfs/app/sbom/image.cdx.json

FROM scratch
COPY --from=rootfs /rootfs/ /
ENV JAVA_HOME=/opt/jre
ENV PATH=/opt/jre/bin:/usr/bin:/bin
ENV LANG=C.UTF-8
WORKDIR /app
COPY --from=build /src/monitor/target/fnpulse-monitor.jar /app/fnpulse-monitor.jar
COPY --from=cds /training/monitor.classlist /tmp/monitor.classlist
# Dumped here, against the jar at its final path: a CDS archive is only used with the very jar it was made from.
# (The class list stays in its layer, under /tmp, which a tmpfs or an emptyDir hides at run time: this stage has no
# rm, and buildah 1.28's RUN --mount=type=bind,from=<stage> mounts an empty folder.)
RUN java -Xshare:dump -XX:+UseSerialGC -XX:-UsePerfData -XX:SharedClassListFile=/tmp/monitor.classlist \
      -XX:SharedArchiveFile=/app/monitor.jsa -cp /app/fnpulse-monitor.jar
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/monitor.jsa", "-jar", "/app/fnpulse-monitor.jar"]
