# syntax=docker/dockerfile:1
#
# Weightgate's container image.
#
#   docker build -t weightgate .
#   docker run --rm -p 127.0.0.1:8080:8080 -v weightgate-data:/app/data weightgate     # quick start, H2 under /app/data
#
# Production: set SPRING_DATASOURCE_URL / _USERNAME / _PASSWORD (PostgreSQL), and JVM options through
# JDK_JAVA_OPTIONS (e.g. "-XX:MaxRAMPercentage=75.0" or "-Xmx2g"). Arguments after the image name go to the
# application, so the jar's command-line tools run the same way: `docker run --rm weightgate <tool> ...`.
#
# Needs BuildKit (the default builder since Docker 23) for the cache mount.

ARG JAVA_VERSION=25

############################################################################################################
# Build: the Maven wrapper on a full JDK 25.
############################################################################################################
FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /build

# The wrapper and the POM first: dependencies are resolved in their own layer, which a change under src/
# does not invalidate. ~/.m2 (the local repository and the wrapper's Maven distribution) lives in a BuildKit cache
# mount (locked: Maven's local repository is not safe for concurrent writers), so even a changed POM downloads only
# what is new. mvnw needs neither curl nor wget (the image has neither): it then fetches Maven with a small Java
# downloader of its own.
COPY --chmod=0755 mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp dependency:go-offline

COPY src/ src/
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -DskipTests package

# Split the fat jar into Spring Boot's layers (dependencies, spring-boot-loader, snapshot-dependencies,
# application). Without --launcher, `extract` writes an application jar (weightgate.jar, holding only our classes,
# its manifest Class-Path pointing at lib/) and lib/ with the dependency jars, spread over the layer directories:
#   extracted/dependencies/lib/*.jar            (rarely changes: the big layer)
#   extracted/spring-boot-loader/               (empty in this mode)
#   extracted/snapshot-dependencies/lib/*.jar   (empty unless a -SNAPSHOT dependency is used)
#   extracted/application/weightgate.jar        (changes on every build; tens of KB)
# It still starts with `java -jar weightgate.jar`, and it is the layout Spring Boot recommends for CDS and the
# JDK's AOT cache (JEP 483), should start-up time need them later.
RUN java -Djarmode=tools -jar target/weightgate.jar extract --layers --destination extracted

############################################################################################################
# Runtime: the Temurin 25 JRE.
#
# The JRE image is enough for the Vector API: Temurin's JRE is OpenJDK's "legacy-jre-image", which jlinks every
# boot-loader and platform-loader module (make/Images.gmk), and jdk.incubator.vector is a boot-loader module
# (BOOT_MODULES in make/conf/module-loader-map.conf). A runtime jlinked with exactly that module list from
# Temurin 25.0.3 lists jdk.incubator.vector@25 and starts this jar with the flags below. The JDK image
# would add about 170 MB (javac, jshell and the like) that the gateway never uses.
############################################################################################################
FROM eclipse-temurin:${JAVA_VERSION}-jre AS runtime

ARG UID=10001
ARG GID=10001
RUN groupadd --system --gid "${GID}" weightgate \
    && useradd --system --no-log-init --uid "${UID}" --gid "${GID}" --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin weightgate

WORKDIR /app

# Least-changing layer first. The files stay owned by root (the app cannot rewrite its own code); only data/,
# where the quick start's H2 database goes (./data relative to the working directory), is writable by the app.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
RUN install -d -o "${UID}" -g "${GID}" -m 0750 /app/data

# A numeric user, so that Kubernetes' runAsNonRoot can check it.
USER ${UID}:${GID}

# By default the JVM sizes its heap to 25% of the container's memory limit, too little for a gateway that has
# a limit. JDK_JAVA_OPTIONS is read by the java launcher only (jcmd and friends are unaffected); replace it
# to tune, e.g. -e JDK_JAVA_OPTIONS="-Xmx2g".
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"

EXPOSE 8080

# The image has neither curl nor wget, so the check speaks HTTP through bash's /dev/tcp. Kubernetes ignores it
# (the Helm chart has its own probes); Docker and Compose use it. The start period covers JVM start-up and Flyway.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/liveness HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# The engine uses the incubating Vector API and native memory access: both flags are mandatory. Exec form, so
# java is PID 1 and receives SIGTERM directly (graceful shutdown).
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/weightgate.jar"]
