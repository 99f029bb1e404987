# syntax=docker/dockerfile:1
# Lifeline server image: the Maven build runs in the first stage, the second holds only a JRE, the
# server jar and its dependency jars. Used by docker-compose.yml; see docs/operations.md.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so a source change does not download every dependency again.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl is for the HEALTHCHECK; installed explicitly so the check does not depend on the base image's tools.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home lifeline \
 && mkdir -p /data \
 && chown lifeline:lifeline /data
WORKDIR /app
# The jar's manifest names its dependencies as lib/<file>.jar, relative to the jar.
COPY --from=build /src/server/target/lib/ /app/lib/
COPY --from=build /src/server/target/lifeline-server.jar /app/lifeline-server.jar

ENV DATA_DIR=/data \
    HTTP_PORT=8080 \
    LOG_FORMAT=json \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]
EXPOSE 8080
USER lifeline
# Ready means Streams RUNNING and the producer connected (DESIGN.md section 9); the first start also
# creates topics and restores state, hence the start period.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${HTTP_PORT}/health/ready" || exit 1
ENTRYPOINT ["java", "-jar", "lifeline-server.jar"]
