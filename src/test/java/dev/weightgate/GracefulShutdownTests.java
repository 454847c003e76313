package dev.weightgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Shutting down lets a stream that is under way finish, within the grace period, before the gateway stops. */
class GracefulShutdownTests {

    static final String ADMIN_KEY = "graceful-shutdown-test-admin-key";

    @Test
    void letsARunningStreamFinishBeforeStopping() throws Exception {
        try (FakeOpenAiServer upstream = new FakeOpenAiServer()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(WeightgateApplication.class)
                    .initializers(new PostgresTestDatabase())
                    .run("--server.port=0",
                            "--weightgate.shutdown.grace-period=20s",
                            "--weightgate.bootstrap.admin-key=" + ADMIN_KEY,
                            "--weightgate.models[0].id=slow",
                            "--weightgate.models[0].remote.base-url=" + upstream.baseUrl(),
                            "--weightgate.models[0].remote.model=slow-stream");
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"slow","stream":true,"messages":[{"role":"user","content":"count"}]}"""))
                    .build();
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
            Iterator<String> lines = response.body().iterator();
            String firstEvent = lines.next();
            assertThat(firstEvent).startsWith("data: {");

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(context::close);
            List<String> rest = Stream.generate(() -> lines.hasNext() ? lines.next() : null)
                    .takeWhile(line -> line != null)
                    .filter(line -> line.startsWith("data: "))
                    .toList();
            shutdown.join();

            assertThat(rest).last().isEqualTo("data: [DONE]");
            assertThat(String.join("\n", rest)).contains("\"content\":\"9\"");
            assertThat(context.isActive()).isFalse();
        }
    }
}
