package dev.weightgate.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server on loopback that speaks OpenAI's chat completions protocol, for testing the gateway's remote
 * backend end to end. What it does is chosen by the upstream model name it is asked for:
 * <ul>
 *   <li>{@code echo}: answers "Hello from upstream" (two chunks when streaming), with usage;</li>
 *   <li>{@code slow}: waits {@link #SLOW_DELAY} before answering;</li>
 *   <li>{@code slow-stream}: streams ten chunks, {@link #SLOW_CHUNK_DELAY} apart;</li>
 *   <li>{@code fail}: answers 500 with an error body before anything else;</li>
 *   <li>{@code reject}: answers 400 as OpenAI does for a bad parameter;</li>
 *   <li>{@code overloaded}: answers 429;</li>
 *   <li>{@code error-midstream}: streams two chunks, then an error event;</li>
 *   <li>{@code cut-midstream}: streams two chunks, then ends the response without finishing.</li>
 * </ul>
 * It remembers the last request body per upstream model, so tests can check what the gateway sent.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    public static final Duration SLOW_DELAY = Duration.ofSeconds(3);
    public static final Duration SLOW_CHUNK_DELAY = Duration.ofMillis(150);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, ObjectNode> lastRequests = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger abandonedStreams = new AtomicInteger();

    public FakeOpenAiServer() throws IOException {
        // Real model servers set TCP_NODELAY; without it this server's split header/body writes meet the client's
        // delayed ACKs and every response stalls ~40 ms on loopback.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::chat);
        server.createContext("/v1/models", this::models);
        server.start();
    }

    /** A started server, for a test class's static field. */
    public static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Configures models served by this server: each id becomes {@code weightgate.models[i]} with the upstream model
     * {@code echo} (the id itself when it names one of this server's behaviours).
     */
    public void register(org.springframework.test.context.DynamicPropertyRegistry registry, String... modelIds) {
        for (int i = 0; i < modelIds.length; i++) {
            String id = modelIds[i];
            String prefix = "weightgate.models[" + i + "].";
            registry.add(prefix + "id", () -> id);
            registry.add(prefix + "remote.base-url", this::baseUrl);
            registry.add(prefix + "remote.model", () -> "echo");
        }
    }

    /** The base URL to configure as a model's {@code remote.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public ObjectNode lastRequest(String upstreamModel) {
        return lastRequests.get(upstreamModel);
    }

    public int requestCount() {
        return requests.get();
    }

    /** Streams the gateway hung up on before they ended. */
    public int abandonedStreams() {
        return abandonedStreams.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void models(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, 200, """
                    {"object":"list","data":[{"id":"echo","object":"model","created":1,"owned_by":"fake"}]}""");
        }
    }

    private void chat(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        ObjectNode body = (ObjectNode) JSON.readTree(exchange.getRequestBody().readAllBytes());
        String model = body.path("model").asString();
        lastRequests.put(model, body);
        boolean stream = body.path("stream").asBoolean(false);
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        try {
            switch (model) {
                case "fail" -> respond(exchange, 500, error("The server had an error while processing your request.", "server_error"));
                case "reject" -> respond(exchange, 400, error("Invalid value for 'temperature'.", "invalid_request_error"));
                case "overloaded" -> respond(exchange, 429, error("Rate limit reached.", "rate_limit_exceeded"));
                case "slow" -> {
                    Thread.sleep(SLOW_DELAY);
                    respond(exchange, 200, completion(model, "late"));
                }
                default -> {
                    if (stream) {
                        streamChunks(exchange, model, usage);
                    } else {
                        respond(exchange, 200, completion(model, "Hello from upstream"));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gatewayHungUp) {
            abandonedStreams.incrementAndGet();
        } finally {
            exchange.close();
        }
    }

    private void streamChunks(HttpExchange exchange, String model, boolean usage) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String[] pieces = model.equals("slow-stream")
                ? new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
                : new String[] {"Hello", " from upstream"};
        event(out, chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", null));
        for (String piece : pieces) {
            if (model.equals("slow-stream")) {
                Thread.sleep(SLOW_CHUNK_DELAY);
            }
            event(out, chunk(model, "{\"content\":\"" + piece + "\"}", null));
        }
        switch (model) {
            case "error-midstream" -> {
                event(out, error("The model crashed.", "server_error"));
                return;
            }
            case "cut-midstream" -> {
                return;
            }
            default -> {
            }
        }
        event(out, chunk(model, "{}", "stop"));
        if (usage) {
            event(out, """
                    {"id":"up-1","object":"chat.completion.chunk","created":1,"model":"%s","choices":[],\
                    "usage":{"prompt_tokens":7,"completion_tokens":%d,"total_tokens":%d}}"""
                    .formatted(model, pieces.length, 7 + pieces.length));
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String chunk(String model, String delta, String finishReason) {
        return """
                {"id":"up-1","object":"chat.completion.chunk","created":1,"model":"%s","system_fingerprint":"fp_fake",\
                "choices":[{"index":0,"delta":%s,"logprobs":null,"finish_reason":%s}]}"""
                .formatted(model, delta, finishReason == null ? "null" : "\"" + finishReason + "\"");
    }

    private static String completion(String model, String content) {
        return """
                {"id":"up-1","object":"chat.completion","created":1,"model":"%s","system_fingerprint":"fp_fake",\
                "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},\
                "logprobs":null,"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":7,"completion_tokens":4,"total_tokens":11}}"""
                .formatted(model, content);
    }

    private static String error(String message, String type) {
        return """
                {"error":{"message":"%s","type":"%s","param":null,"code":null}}""".formatted(message, type);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Reads a JSON text, for assertions. */
    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
