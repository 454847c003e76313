package dev.weightgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.weightgate.support.Eventually;
import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.PostgresTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway over real HTTP: the OpenAI-compatible API against a real OpenAI-protocol upstream on loopback, driven by the
 * official OpenAI Java SDK where a client would use it and by raw HTTP where the bytes matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class GatewayApiTests {

    static final FakeOpenAiServer upstream = FakeOpenAiServer.start();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) {
        GatewayTestModels.register(registry, upstream);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }


    OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey(GatewayTestModels.ADMIN_KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    static ChatCompletionCreateParams hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build();
    }

    HttpResponse<String> post(String body) throws Exception {
        return post(body, "application/json");
    }

    HttpResponse<String> post(String body, String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + GatewayTestModels.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + GatewayTestModels.ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String chat(String model, String extra) {
        return """
                {"model":"%s","messages":[{"role":"user","content":"Say hello"}]%s}""".formatted(model, extra);
    }

    /** The data lines of a server-sent event stream, in order. */
    static List<String> events(String body) {
        List<String> data = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring("data: ".length()));
            }
        }
        return data;
    }

    static JsonNode error(HttpResponse<String> response) {
        JsonNode body = FakeOpenAiServer.parse(response.body());
        JsonNode error = body.path("error");
        assertThat(error.isObject()).as("error envelope in %s", response.body()).isTrue();
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
                .as("envelope has message, type, param and code: %s", response.body()).isTrue();
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return error;
    }

    @Nested
    class Models {

        @Test
        void listsEveryConfiguredModel() {
            var models = sdk().models().list().data();
            assertThat(models).extracting(m -> m.id()).contains("echo-model", "acme/chat-model-v1", "slow-model");
            assertThat(models).allSatisfy(m -> assertThat(m.ownedBy()).isEqualTo("weightgate"));
        }

        @Test
        void retrievesOneModelEvenWithASlashInItsId() {
            assertThat(sdk().models().retrieve("acme/chat-model-v1").id()).isEqualTo("acme/chat-model-v1");
        }

        @Test
        void unknownModelIsNotFoundWithTheEnvelope() throws Exception {
            HttpResponse<String> response = get("/v1/models/no-such-model");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(error(response).path("code").asString()).isEqualTo("model_not_found");
            assertThatThrownBy(() -> sdk().models().retrieve("no-such-model")).isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Completions {

        @Test
        void completesThroughTheOfficialSdk() {
            ChatCompletion completion = sdk().chat().completions().create(hello("echo-model"));
            assertThat(completion.choices().getFirst().message().content()).hasValue("Hello from upstream");
            assertThat(completion.model()).isEqualTo("echo-model");
            assertThat(completion.usage()).hasValueSatisfying(usage -> {
                assertThat(usage.promptTokens()).isEqualTo(7);
                assertThat(usage.completionTokens()).isEqualTo(4);
                assertThat(usage.totalTokens()).isEqualTo(11);
            });
        }

        @Test
        void sendsTheUpstreamItsOwnModelNameAndTheClientsParameters() throws Exception {
            HttpResponse<String> response = post(chat("echo-model", ",\"temperature\":0.2,\"seed\":7,\"top_k\":40"));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode sent = upstream.lastRequest("echo");
            assertThat(sent.path("model").asString()).isEqualTo("echo");
            assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
            assertThat(sent.path("seed").asLong()).isEqualTo(7);
            assertThat(sent.path("top_k").asInt()).isEqualTo(40);
        }

        @Test
        void answersWithTheGatewaysModelIdAndCompletionId() throws Exception {
            HttpResponse<String> response = post(chat("acme/chat-model-v1", ""));
            JsonNode body = FakeOpenAiServer.parse(response.body());
            assertThat(body.path("model").asString()).isEqualTo("acme/chat-model-v1");
            String requestId = response.headers().firstValue("x-request-id").orElseThrow();
            assertThat(body.path("id").asString()).isEqualTo("chatcmpl-" + requestId);
            assertThat(body.path("system_fingerprint").asString()).isEqualTo("fp_fake");
        }
    }

    @Nested
    class Streaming {

        @Test
        void streamsThroughTheOfficialSdkWithUsageWhenAsked() {
            ChatCompletionCreateParams params = hello("echo-model").toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build();
            List<ChatCompletionChunk> chunks;
            try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(params)) {
                chunks = stream.stream().toList();
            }
            String text = chunks.stream()
                    .flatMap(c -> c.choices().stream())
                    .map(choice -> choice.delta().content().orElse(""))
                    .collect(Collectors.joining());
            assertThat(text).isEqualTo("Hello from upstream");
            assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(9));
            assertThat(chunks).allSatisfy(c -> assertThat(c.model()).isEqualTo("echo-model"));
        }

        @Test
        void endsWithDoneAndLeavesOutUsageWhenNotAsked() throws Exception {
            HttpResponse<String> response = post(chat("echo-model", ",\"stream\":true"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            List<String> events = events(response.body());
            assertThat(events.getLast()).isEqualTo("[DONE]");
            assertThat(events.subList(0, events.size() - 1)).allSatisfy(event -> {
                JsonNode chunk = FakeOpenAiServer.parse(event);
                assertThat(chunk.path("object").asString()).isEqualTo("chat.completion.chunk");
                assertThat(chunk.has("usage")).isFalse();
            });
            // The gateway always asks the upstream for usage, to count tokens, whether or not the client did.
            assertThat(upstream.lastRequest("echo").path("stream_options").path("include_usage").asBoolean()).isTrue();
        }

        @Test
        void reportsAFailureMidStreamAsAnErrorEventWithoutDone() throws Exception {
            HttpResponse<String> response = post(chat("error-midstream-model", ",\"stream\":true"));
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> events = events(response.body());
            assertThat(events).doesNotContain("[DONE]");
            JsonNode last = FakeOpenAiServer.parse(events.getLast());
            assertThat(last.path("error").path("code").asString()).isEqualTo("upstream_error");
            assertThat(events.stream().filter(e -> e.contains("chat.completion.chunk")).count()).isGreaterThan(1);
        }

        @Test
        void closesTheUpstreamStreamWhenTheClientGoesAway() throws Exception {
            int abandonedBefore = upstream.abandonedStreams();
            double disconnectsBefore = disconnects();
            String body = chat("slow-stream-model", ",\"stream\":true");
            try (Socket socket = new Socket("localhost", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + GatewayTestModels.ADMIN_KEY + "\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                String received = new String(in.readNBytes(200), StandardCharsets.UTF_8);
                assertThat(received).startsWith("HTTP/1.1 200");
            }
            waitUntil(() -> upstream.abandonedStreams() > abandonedBefore && disconnects() > disconnectsBefore);
        }

        double disconnects() {
            return meters.find("weightgate.completions").tag("outcome", "client_disconnected").timers().stream()
                    .mapToDouble(timer -> timer.count()).sum();
        }

        @Test
        void treatsAStreamCutShortAsAFailureNotACompletion() throws Exception {
            HttpResponse<String> response = post(chat("cut-midstream-model", ",\"stream\":true"));
            List<String> events = events(response.body());
            assertThat(events).doesNotContain("[DONE]");
            assertThat(FakeOpenAiServer.parse(events.getLast()).path("error").path("code").asString())
                    .isEqualTo("upstream_error");
        }
    }

    static void waitUntil(BooleanSupplier condition) {
        Eventually.waitUntil(Duration.ofSeconds(10), "condition met", condition);
    }

    @Nested
    class Operations {

        @Test
        void reportsTheDatabaseAndEveryBackendInHealth() throws Exception {
            HttpResponse<String> response = get("/actuator/health");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode health = FakeOpenAiServer.parse(response.body());
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
            JsonNode backends = health.path("components").path("backends");
            assertThat(backends.path("status").asString()).isEqualTo("UP");
            assertThat(backends.path("details").path("echo-model").path("target").asString()).isEqualTo(upstream.baseUrl());
        }

        @Test
        void isLiveAndReady() throws Exception {
            assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(FakeOpenAiServer.parse(readiness.body()).path("components").has("backends"))
                    .as("an upstream's health does not decide readiness").isFalse();
        }

        @Test
        void exposesCompletionMetricsToPrometheus() throws Exception {
            post(chat("echo-model", ""));
            HttpResponse<String> response = get("/actuator/prometheus");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("weightgate_completions_seconds_count{")
                    .contains("model=\"echo-model\"")
                    .contains("weightgate_tokens_total{");
        }

        @Test
        void keepsHttpRequestMetricsButNotSpringSecuritysPerFilterObservations() throws Exception {
            post(chat("echo-model", ""));
            String metrics = get("/actuator/prometheus").body();
            assertThat(metrics).contains("http_server_requests_seconds_count{");
            // one observation per security filter per request costs ~10% of a request's CPU (docs/benchmarks.md)
            assertThat(metrics).doesNotContain("spring_security_filterchains");
        }

        @Test
        void describesItselfInInfo() throws Exception {
            HttpResponse<String> response = get("/actuator/info");
            assertThat(FakeOpenAiServer.parse(response.body()).path("app").path("name").asString()).isEqualTo("Weightgate");
        }
    }

    @Nested
    class RequestIds {

        @Test
        void echoesTheCallersRequestId() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models"))
                    .header("Authorization", "Bearer " + GatewayTestModels.ADMIN_KEY)
                    .header("x-request-id", "trace-42").build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("x-request-id")).hasValue("trace-42");
        }

        @Test
        void generatesOneWhenTheCallerSendsNoneOrAnUnsafeOne() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/models"))
                    .header("Authorization", "Bearer " + GatewayTestModels.ADMIN_KEY)
                    .header("x-request-id", "bad id with spaces").build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
                    id -> assertThat(id).startsWith("req_").hasSize(28));
            assertThat(get("/v1/models").headers().firstValue("x-request-id")).isPresent();
        }
    }

    @Nested
    class ClientErrors {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                malformed JSON                 | {"model":                                                         | 400 | invalid_json               |
                not an object                  | [1,2]                                                             | 400 | invalid_json               |
                empty body                     |                                                                   | 400 | invalid_json               |
                missing model                  | {"messages":[{"role":"user","content":"hi"}]}                     | 400 | missing_required_parameter | model
                missing messages               | {"model":"echo-model"}                                            | 400 | missing_required_parameter | messages
                empty messages                 | {"model":"echo-model","messages":[]}                              | 400 | empty_array                | messages
                wrong type                     | {"model":"echo-model","messages":"hi"}                            | 400 | invalid_type               | messages
                temperature as string          | {"model":"echo-model","messages":[{"role":"user","content":"x"}],"temperature":"hot"} | 400 | invalid_type | temperature
                temperature out of range       | {"model":"echo-model","messages":[{"role":"user","content":"x"}],"temperature":3}     | 400 | invalid_value | temperature
                unknown role                   | {"model":"echo-model","messages":[{"role":"wizard","content":"x"}]}                   | 400 | invalid_value | messages[0].role
                user without content           | {"model":"echo-model","messages":[{"role":"user"}]}                                   | 400 | missing_required_parameter | messages[0].content
                tool without tool_call_id      | {"model":"echo-model","messages":[{"role":"tool","content":"x"}]}                     | 400 | missing_required_parameter | messages[0].tool_call_id
                unknown parameter              | {"model":"echo-model","messages":[{"role":"user","content":"x"}],"frobnicate":1}      | 400 | unknown_parameter | frobnicate
                stream_options without stream  | {"model":"echo-model","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}} | 400 | invalid_value | stream_options
                top_logprobs without logprobs  | {"model":"echo-model","messages":[{"role":"user","content":"x"}],"top_logprobs":2}    | 400 | invalid_value | top_logprobs
                parameter the model refuses    | {"model":"no-logit-bias-model","messages":[{"role":"user","content":"x"}],"logit_bias":{"1":1}} | 400 | unsupported_parameter | logit_bias
                unknown model                  | {"model":"gpt-17","messages":[{"role":"user","content":"x"}]}                         | 404 | model_not_found | model
                """)
        void answersWithTheEnvelopeAndTheRightStatus(String name, String body, int status, String code, String param)
                throws Exception {
            int before = upstream.requestCount();
            HttpResponse<String> response = post(body == null ? "" : body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            JsonNode error = error(response);
            assertThat(error.path("code").asString()).isEqualTo(code);
            assertThat(error.path("param").isNull() ? null : error.path("param").asString()).isEqualTo(param);
            assertThat(error.path("message").asString()).isNotBlank();
            assertThat(upstream.requestCount()).as("nothing reaches the upstream").isEqualTo(before);
        }

        @Test
        void refusesABodyOverTheConfiguredSize() throws Exception {
            String big = chat("echo-model", ",\"user\":\"" + "x".repeat(70 * 1024) + "\"");
            HttpResponse<String> response = post(big);
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(error(response).path("code").asString()).isEqualTo("request_too_large");
        }

        @Test
        void refusesAContentTypeOtherThanJson() throws Exception {
            HttpResponse<String> response = post(chat("echo-model", ""), "application/x-www-form-urlencoded");
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(error(response).path("code").asString()).isEqualTo("unsupported_media_type");
        }

        @Test
        void answersAnUnknownUrlWithTheEnvelope() throws Exception {
            HttpResponse<String> response = get("/v1/no-such-endpoint");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(error(response).path("code").asString()).isEqualTo("unknown_url");
        }

        @Test
        void answersAWrongMethodWithTheEnvelope() throws Exception {
            HttpResponse<String> response = get("/v1/chat/completions");
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(error(response).path("code").asString()).isEqualTo("method_not_allowed");
        }
    }

    @Nested
    class UpstreamErrors {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                fail-model       | 502 | upstream_error
                overloaded-model | 503 | upstream_overloaded
                reject-model     | 400 | upstream_rejected
                slow-model       | 504 | upstream_timeout
                """)
        void mapsAnUpstreamFailureBeforeTheFirstByte(String model, int status, String code) throws Exception {
            HttpResponse<String> plain = post(chat(model, ""));
            assertThat(plain.statusCode()).as(plain.body()).isEqualTo(status);
            assertThat(error(plain).path("code").asString()).isEqualTo(code);

            HttpResponse<String> streamed = post(chat(model, ",\"stream\":true"));
            assertThat(streamed.statusCode()).as("a stream that fails before its first chunk").isEqualTo(status);
            assertThat(error(streamed).path("code").asString()).isEqualTo(code);
        }

        @Test
        void namesTheUpstreamsReasonWhenItRejectsTheRequest() throws Exception {
            HttpResponse<String> response = post(chat("reject-model", ""));
            assertThat(error(response).path("message").asString()).contains("Invalid value for 'temperature'.");
        }
    }
}
