# Groundwork application image. Build context: the repository root.
#   docker build -t groundwork .
# Stage 1 builds the executable jar with the repository's Maven wrapper on a JDK 25.
FROM eclipse-temurin:25-jdk AS build
RUN apt-get update && apt-get install -y --no-install-recommends maven && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl api -am

# Stage 2 runs it on a JRE 25 as an unprivileged user, with all state under /data.
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data groundwork \
    && mkdir -p /data && chown groundwork /data
COPY --from=build /src/api/target/groundwork-exec.jar /opt/groundwork/groundwork.jar
USER groundwork
ENV GROUNDWORK_DATA_DIR=/data \
    DJL_CACHE_DIR=/data/cache/djl \
    SERVER_ADDRESS=0.0.0.0 \
    GROUNDWORK_PORT=8080
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", \
            "-Djava.io.tmpdir=/data/tmp", "-jar", "/opt/groundwork/groundwork.jar"]
CMD ["serve"]
