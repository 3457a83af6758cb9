# syntax=docker/dockerfile:1.7
# The fnpulse dashboard: live charts of the function's output on port 53004. Build from the repository root:
#   docker build -f docker/dashboard.Dockerfile -t ghcr.io/fnpulse/dashboard:0.1.0 .

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
# The sources of the dashboard and of the modules it is built from (-am).
COPY api/src/main api/src/main
COPY test-support/src/main test-support/src/main
COPY service/src/main service/src/main
COPY dashboard/src/main dashboard/src/main
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Dmaven.test.skip=true -pl dashboard -am package

# A long-running web server, not start-up sensitive: the stock JRE, with its own CDS archive.
FROM eclipse-temurin:17-jre-jammy
RUN groupadd --gid 10001 fnpulse \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin fnpulse
WORKDIR /app
COPY --from=build /src/dashboard/target/fnpulse-dashboard.jar /app/fnpulse-dashboard.jar
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE 53004
ENTRYPOINT ["java", "-jar", "/app/fnpulse-dashboard.jar"]
