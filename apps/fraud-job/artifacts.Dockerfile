# The fraud job's artifact server on minikube: the job's jar behind a static HTTP server, from which
# the Flink operator fetches it for the FlinkSessionJob (operator 1.15 fetches session jobs' jars; it
# cannot read one from an image). Build with apps/fraud-job as the context:
#   minikube image build -t streaming-platform/fraud-job-artifacts:dev -f artifacts.Dockerfile apps/fraud-job

# Build stage: as the job's image (Dockerfile), Maven with Java 17.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

# Run stage: busybox's httpd serves /srv, which holds only the jar; it writes nothing, so the root file
# system can be read-only. nobody (65534), by number, for runAsNonRoot.
FROM busybox:1.37.0
COPY --from=build --chown=0:0 /src/target/fraud-job.jar /srv/fraud-job.jar
USER 65534:65534
EXPOSE 8080
ENTRYPOINT ["httpd", "-f", "-v", "-p", "8080", "-h", "/srv"]
