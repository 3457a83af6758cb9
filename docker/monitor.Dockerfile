# syntax=docker/dockerfile:1.7
# The fnpulse monitor: publishes this host's metrics to Redis. Build from the repository root:
#   docker build -f docker/monitor.Dockerfile -t ghcr.io/fnpulse/monitor:0.1.0 .

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Maven reads every module of the reactor, even to build one of them.
COPY api/pom.xml api/
COPY test-support/pom.xml test-support/
COPY service/pom.xml service/
COPY runtime/pom.xml runtime/
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

# A long-running sampler, not start-up sensitive: the stock JRE, with its own CDS archive.
FROM eclipse-temurin:17-jre-jammy
# Home in /tmp: under a read-only root that is the writable place (JNA unpacks its native library there).
RUN groupadd --gid 10001 fnpulse \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin fnpulse
WORKDIR /app
COPY --from=build /src/monitor/target/fnpulse-monitor.jar /app/fnpulse-monitor.jar
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/fnpulse-monitor.jar"]
