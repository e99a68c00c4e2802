FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests -Dspring-javaformat.skip=true

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 stile
USER stile
WORKDIR /app
COPY --from=build /src/target/stile-server-*.jar /app/stile-server.jar
# JSON log lines for a log shipper; STILE_LOG_FORMAT= (empty) gives plain text.
ENV STILE_LOG_FORMAT=ecs
# The API on 3000; health and metrics on 9090, which only the container's own health check and your
# monitoring should reach (publish it on a private interface only).
ENV STILE_MANAGEMENT_ADDRESS=0.0.0.0
EXPOSE 3000 9090
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/9090 && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q "\"status\":\"UP\"" <&3'
# Give in-flight requests time to finish: the server stops accepting, drains, then exits on SIGTERM.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/stile-server.jar"]
