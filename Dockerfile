FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests -Dspring-javaformat.skip=true \
 && java -Djarmode=tools -jar target/stile-server-*.jar extract --destination /src/server \
      --application-filename stile-server.jar

# The server runs on Java 25 (it targets 17): virtual threads, and an AOT class cache that halves start-up.
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --create-home stile
COPY --from=build --chown=stile /src/server /app/server
COPY --chown=stile bin/class-cache.sh /app/bin/class-cache.sh
USER stile
WORKDIR /app
# One training start of the server on a throwaway embedded PostgreSQL, with a few API calls, writes
# the AOT cache (/app/server/stile-server.aot) that every start of this image then uses.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
# Two malloc arenas instead of glibc's eight per core: tens of megabytes less resident memory.
ENV MALLOC_ARENA_MAX=2
RUN /app/bin/class-cache.sh /app/server
# JSON log lines for a log shipper; STILE_LOG_FORMAT= (empty) gives plain text.
ENV STILE_LOG_FORMAT=ecs
# Test-mode webhooks go to public addresses only, as live ones do: a test key must not probe the network
# the container runs in. Set it to true only for a local development container.
ENV STILE_WEBHOOK_TEST_PRIVATE_TARGETS=false
# The API on 3000; health and metrics on 9090, which only the container's own health check and your
# monitoring should reach (publish it on a private interface only).
ENV STILE_MANAGEMENT_ADDRESS=0.0.0.0
EXPOSE 3000 9090
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/9090 && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q "\"status\":\"UP\"" <&3'
# Give in-flight requests time to finish: the server stops accepting, drains, then exits on SIGTERM.
STOPSIGNAL SIGTERM
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $(cat /app/server/java-options) -jar /app/server/stile-server.jar \"$@\"", "stile-server"]
