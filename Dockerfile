FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 stile
USER stile
WORKDIR /app
COPY --from=build /src/target/stile-server-*.jar /app/stile-server.jar
EXPOSE 3000
ENTRYPOINT ["java", "-jar", "/app/stile-server.jar"]
