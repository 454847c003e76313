package dev.weightgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.weightgate.backend.internal.EmbeddedBackend;
import dev.weightgate.backend.internal.EmbeddedModels;
import dev.weightgate.engine.generate.Slots;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.tensor.GgmlType;
import dev.weightgate.engine.vocab.DemoVocabulary;
import dev.weightgate.support.Eventually;
import dev.weightgate.support.FakeOpenAiServer;
import dev.weightgate.support.PostgresTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Embedded models served through {@code /v1/chat/completions}, over real HTTP, by the engine on real GGUF files
 * (random weights, the demo vocabulary's byte-level BPE tokenizer and ChatML template), driven by the official OpenAI
 * SDK where a client would use it and by raw HTTP where the bytes matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class EmbeddedModelApiTests {

    static final Path DIR = Path.of("target/test-models/embedded-api");
    static final Path TINY = DIR.resolve("tiny.gguf");
    static final Path MISLICENSED = DIR.resolve("mislicensed.gguf");
    static final Path OSS = DIR.resolve("oss-tiny.gguf");
    static final Path QWEN = DIR.resolve("qwen-tiny.gguf");
    /** Large enough that a long answer takes a while: a slot it holds stays held while a test looks. */
    static final Path HELD = DIR.resolve("held.gguf");

    static {
        try {
            Files.createDirectories(DIR);
            RandomModelSpec spec = new RandomModelSpec("llama", 64, 2, 4, 2, 128, 512, GgmlType.Q8_0, 5);
            RandomModelWriter.write(spec, DemoVocabulary.metadata(), TINY);
            RandomModelWriter.write(new RandomModelSpec("llama", 256, 4, 4, 2, 768, 1024, GgmlType.Q8_0, 17),
                    DemoVocabulary.metadata(), HELD);
            // Names itself Llama 3.1 but declares Apache-2.0: the license catalog keeps it out of service.
            RandomModelWriter.writer(spec, DemoVocabulary.metadata())
                    .putString("general.name", "Meta-Llama-3.1-8B-Instruct")
                    .putString("general.license", "apache-2.0")
                    .write(MISLICENSED);
            RandomModelWriter.write(new RandomModelSpec("gpt-oss", 64, 2, 4, 2, 64, 512, GgmlType.Q8_0, 11, 16,
                    RandomModelSpec.TypeMix.UNIFORM, false, new RandomModelSpec.GptOss(4, 2, 8, GgmlType.MXFP4)),
                    DemoVocabulary.harmonyMetadata(), OSS);
            // A ChatML template with Qwen 3's thinking markers: rendered as Qwen 3, which declares tools.
            RandomModelWriter.write(new RandomModelSpec("qwen3", 64, 2, 4, 2, 128, 2048, GgmlType.Q8_0, 13),
                    DemoVocabulary.metadata().toBuilder().putString("tokenizer.chat_template",
                            DemoVocabulary.CHAT_TEMPLATE + "{#- <think> -#}").build(), QWEN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) {
        registry.add("weightgate.bootstrap.admin-key", () -> GatewayTestModels.ADMIN_KEY);
        registry.add("weightgate.engine.threads", () -> "2");
        registry.add("weightgate.engine.queue-timeout", () -> "5s");
        registry.add("weightgate.models[0].id", () -> "tiny");
        registry.add("weightgate.models[0].embedded.path", TINY::toString);
        registry.add("weightgate.models[0].embedded.context-length", () -> "96");
        registry.add("weightgate.models[0].embedded.slots", () -> "1");
        registry.add("weightgate.models[0].embedded.max-queued", () -> "0");
        registry.add("weightgate.models[1].id", () -> "tiny-shared");
        registry.add("weightgate.models[1].owned-by", () -> "acme");
        registry.add("weightgate.models[1].embedded.path", TINY::toString);
        registry.add("weightgate.models[1].embedded.slots", () -> "2");
        registry.add("weightgate.engine.spring-ai-model", () -> "tiny-shared");
        registry.add("weightgate.models[2].id", () -> "mislicensed");
        registry.add("weightgate.models[2].embedded.path", MISLICENSED::toString);
        registry.add("weightgate.models[3].id", () -> "oss-tiny");
        registry.add("weightgate.models[3].embedded.path", OSS::toString);
        registry.add("weightgate.models[4].id", () -> "qwen-tiny");
        registry.add("weightgate.models[4].embedded.path", QWEN::toString);
        registry.add("weightgate.models[5].id", () -> "tiny-hasty");
        registry.add("weightgate.models[5].embedded.path", TINY::toString);
        registry.add("weightgate.models[5].embedded.max-generation-time", () -> "1ms");
        registry.add("weightgate.models[6].id", () -> "held");
        registry.add("weightgate.models[6].embedded.path", HELD::toString);
        registry.add("weightgate.models[6].embedded.slots", () -> "1");
        registry.add("weightgate.models[6].embedded.max-queued", () -> "0");
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedModels embeddedModels;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ChatModel chatModel;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    dev.weightgate.audit.AuditLog auditLog;

    final HttpClient http = HttpClient.newHttpClient();

    int endOfTurn;

    @BeforeEach
    void modelsAreLoaded() throws Exception {
        for (String id : List.of("tiny", "tiny-shared", "oss-tiny", "qwen-tiny", "tiny-hasty", "held")) {
            assertThat(embeddedModels.find(id).orElseThrow().awaitLoaded(Duration.ofSeconds(60))).as(id).isTrue();
        }
        EmbeddedBackend tiny = embeddedModels.find("tiny").orElseThrow();
        endOfTurn = tiny.model().orElseThrow().tokenizer().vocabulary().idOf("<|im_end|>");
    }

    OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey(GatewayTestModels.ADMIN_KEY)
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    /** Greedy, never ending its turn early, so that answers are deterministic and of a known length. */
    ChatCompletionCreateParams greedy(String model, String question, int maxTokens) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(question)
                .temperature(0.0).maxCompletionTokens(maxTokens)
                .logitBias(ChatCompletionCreateParams.LogitBias.builder()
                        .putAdditionalProperty(Integer.toString(endOfTurn), JsonValue.from(-100)).build())
                .build();
    }

    HttpResponse<String> post(String body) throws Exception {
        return http.send(request(body), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + GatewayTestModels.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static JsonNode json(String body) {
        return FakeOpenAiServer.parse(body);
    }

    @Test
    void eachModelsSlotsAndQueueAreGauges() {
        assertThat(meters.get("weightgate.engine.slots").tag("model", "tiny-shared").gauge().value()).isEqualTo(2);
        assertThat(meters.get("weightgate.engine.slots.busy").tag("model", "tiny").gauge().value()).isZero();
        assertThat(meters.get("weightgate.engine.queue").tag("model", "tiny").gauge().value()).isZero();
        assertThat(meters.get("weightgate.engine.loaded").tag("model", "tiny").gauge().value()).isEqualTo(1);
        assertThat(meters.get("weightgate.engine.loaded").tag("model", "mislicensed").gauge().value()).isZero();
    }

    @Test
    void embeddedModelsAreListedWithTheirOwners() throws Exception {
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/models")).header("Authorization", "Bearer " + GatewayTestModels.ADMIN_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        Map<String, String> owners = new java.util.HashMap<>();
        json(models.body()).path("data").forEach(m -> owners.put(m.path("id").asString(), m.path("owned_by").asString()));
        assertThat(owners).containsEntry("tiny", "weightgate").containsEntry("tiny-shared", "acme")
                .containsKey("mislicensed");
    }

    @Test
    void answersThroughTheOfficialSdkWithExactUsage() {
        ChatCompletion completion = sdk().chat().completions().create(greedy("tiny", "Hello there", 6));

        assertThat(completion.model()).isEqualTo("tiny");
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.systemFingerprint()).hasValueSatisfying(f -> assertThat(f).startsWith("wg-"));
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        int promptTokens = embeddedModels.find("tiny").orElseThrow().model().orElseThrow()
                .prompt(List.of(dev.weightgate.engine.chat.ChatMessage.user("Hello there")), List.of(),
                        dev.weightgate.engine.chat.RenderOptions.DEFAULT).length;
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(promptTokens);
            assertThat(usage.completionTokens()).isEqualTo(6);
            assertThat(usage.totalTokens()).isEqualTo(promptTokens + 6);
        });
    }

    @Test
    void streamsTheSameAnswerTokenByTokenThroughTheSdk() {
        String whole = sdk().chat().completions().create(greedy("tiny", "Tell me a story", 12)).choices().getFirst()
                .message().content().orElseThrow();
        ChatCompletionCreateParams streamed = greedy("tiny", "Tell me a story", 12).toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(streamed)) {
            chunks = stream.stream().toList();
        }
        assertThat(chunks.getFirst().choices().getFirst().delta().role()).isPresent();
        String text = chunks.stream().flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
        assertThat(text).isEqualTo(whole);
        assertThat(chunks.stream().filter(c -> !c.choices().isEmpty() && c.choices().getFirst().delta().content()
                .filter(s -> !s.isEmpty()).isPresent())).as("text arrives in several chunks").hasSizeGreaterThan(1);
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.finishReason())
                .flatMap(java.util.Optional::stream).toList())
                .containsExactly(ChatCompletionChunk.Choice.FinishReason.LENGTH);
        assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(12));
    }

    @Test
    void theSameSeedGivesTheSameAnswer() throws Exception {
        String body = """
                {"model":"tiny","messages":[{"role":"user","content":"Pick words"}],"temperature":1.2,"seed":42,
                 "max_tokens":10,"logit_bias":{"%d":-100}}""".formatted(endOfTurn);
        String first = json(post(body).body()).path("choices").get(0).path("message").path("content").asString();
        String second = json(post(body).body()).path("choices").get(0).path("message").path("content").asString();
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void reportsLogprobsForEveryToken() throws Exception {
        HttpResponse<String> response = post("""
                {"model":"tiny","messages":[{"role":"user","content":"Hi"}],"temperature":0,"max_tokens":5,
                 "logprobs":true,"top_logprobs":2,"logit_bias":{"%d":-100}}""".formatted(endOfTurn));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode choice = json(response.body()).path("choices").get(0);
        JsonNode content = choice.path("logprobs").path("content");
        assertThat(content.size()).isEqualTo(5);
        StringBuilder text = new StringBuilder();
        List<Byte> bytes = new ArrayList<>();
        for (JsonNode token : content) {
            assertThat(token.path("logprob").asDouble()).isLessThanOrEqualTo(0);
            assertThat(token.path("top_logprobs").size()).isEqualTo(2);
            // Greedy: the chosen token is the most likely one.
            assertThat(token.path("logprob").asDouble()).isEqualTo(token.path("top_logprobs").get(0).path("logprob").asDouble());
            token.path("bytes").forEach(b -> bytes.add((byte) b.asInt()));
        }
        byte[] all = new byte[bytes.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = bytes.get(i);
        }
        text.append(new String(all, StandardCharsets.UTF_8));
        assertThat(choice.path("message").path("content").asString()).isEqualTo(text.toString());
    }

    @Test
    void aStopStringEndsTheAnswerBeforeIt() throws Exception {
        String whole = sdk().chat().completions().create(greedy("tiny", "Count", 16)).choices().getFirst()
                .message().content().orElseThrow();
        assertThat(whole.length()).isGreaterThan(6);
        String stop = whole.substring(3, 5);
        ChatCompletion stopped = sdk().chat().completions().create(greedy("tiny", "Count", 16).toBuilder()
                .stop(stop).build());
        assertThat(stopped.choices().getFirst().message().content()).hasValue(whole.substring(0, whole.indexOf(stop)));
        assertThat(stopped.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void aPromptLongerThanTheContextIsA400() throws Exception {
        HttpResponse<String> response = post("""
                {"model":"tiny","messages":[{"role":"user","content":"%s"}]}""".formatted("word ".repeat(200)));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("context_length_exceeded");
        assertThat(error.path("param").asString()).isEqualTo("messages");
        assertThat(error.path("message").asString()).contains("maximum context length is 96 tokens");
    }

    @Test
    void parametersTheEngineCannotHonourAre400s() throws Exception {
        HttpResponse<String> tools = post("""
                {"model":"tiny","messages":[{"role":"user","content":"x"}],
                 "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""");
        assertThat(tools.statusCode()).isEqualTo(400);
        assertThat(json(tools.body()).path("error").path("param").asString()).isEqualTo("tools");

        HttpResponse<String> neutral = post("""
                {"model":"tiny","messages":[{"role":"user","content":"x"}],"max_tokens":2,"tools":[],
                 "tool_choice":"none"}""");
        assertThat(neutral.statusCode()).as("neutral values SDKs send by default are not refused").isEqualTo(200);

        HttpResponse<String> twoChoices = post("""
                {"model":"tiny","messages":[{"role":"user","content":"x"}],"n":2}""");
        assertThat(twoChoices.statusCode()).isEqualTo(400);
        assertThat(json(twoChoices.body()).path("error").path("param").asString()).isEqualTo("n");

        HttpResponse<String> image = post("""
                {"model":"tiny","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""");
        assertThat(image.statusCode()).isEqualTo(400);
        assertThat(json(image.body()).path("error").path("param").asString()).isEqualTo("messages[0].content[0]");
    }

    @Test
    void aFullModelIsA503AndAClientThatLeavesFreesItsSlotAtOnce() throws Exception {
        // "held" has one slot and no queue. Hold it with a long stream, reading only its first event: 900 tokens
        // with 20 top logprobs each are megabytes of events, more than the socket buffers take, so the unread
        // stream blocks the generation and keeps the slot ("tiny" answered its whole context into the buffers before
        // the second request arrived on a fast machine).
        HttpResponse<InputStream> holder = http.send(request("""
                {"model":"held","stream":true,"messages":[{"role":"user","content":"go on"}],"max_tokens":900,
                 "logprobs":true,"top_logprobs":20,"logit_bias":{"%d":-100}}""".formatted(endOfTurn)),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(holder.statusCode()).isEqualTo(200);
        BufferedReader events = new BufferedReader(new InputStreamReader(holder.body(), StandardCharsets.UTF_8));
        assertThat(events.readLine()).startsWith("data: ");

        HttpResponse<String> refused = post("""
                {"model":"held","messages":[{"role":"user","content":"me too"}],"max_tokens":2}""");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused.body()).path("error").path("code").asString()).isEqualTo("model_busy");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        holder.body().close(); // the client goes away mid-stream
        Slots slots = embeddedModels.find("held").orElseThrow().model().orElseThrow().slots();
        Eventually.waitUntil(Duration.ofSeconds(20), "the slot is free again", () -> slots.busy() == 0);
        // freed by the disconnect, not by the answer running to its end: the audit record counts what was sent
        String id = holder.headers().firstValue("x-request-id").orElseThrow();
        Eventually.waitUntil(Duration.ofSeconds(15), "audit record",
                () -> jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE id = ?", Integer.class, id) == 1);
        Map<String, Object> record = jdbc.queryForMap("SELECT * FROM audit_record WHERE id = ?", id);
        assertThat(record.get("completion_tokens")).as(record.toString()).isNotNull();
        assertThat(((Number) record.get("completion_tokens")).longValue()).isLessThan(900);
        assertThat(post("""
                {"model":"held","messages":[{"role":"user","content":"me too"}],"max_tokens":2}""").statusCode())
                .isEqualTo(200);
    }

    @Test
    void severalClientsAtOnceEachGetTheirOwnAnswer() throws Exception {
        List<String> questions = List.of("alpha", "bravo", "charlie");
        List<String> alone = new ArrayList<>();
        for (String q : questions) {
            alone.add(sdk().chat().completions().create(greedy("tiny-shared", q, 8)).choices().getFirst().message()
                    .content().orElseThrow());
        }
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String q = questions.get(i % 3);
                boolean stream = i % 2 == 0;
                answers.add(clients.submit(() -> stream
                        ? streamedText(greedy("tiny-shared", q, 8))
                        : sdk().chat().completions().create(greedy("tiny-shared", q, 8)).choices().getFirst()
                                .message().content().orElseThrow()));
            }
            for (int i = 0; i < 6; i++) {
                assertThat(answers.get(i).get()).as(questions.get(i % 3)).isEqualTo(alone.get(i % 3));
            }
        }
    }

    private String streamedText(ChatCompletionCreateParams params) {
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(params)) {
            return stream.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining());
        }
    }

    @Test
    void aFileTheLicenseCatalogContradictsStaysOutOfServiceWithTheReason() throws Exception {
        EmbeddedBackend mislicensed = embeddedModels.find("mislicensed").orElseThrow();
        assertThat(mislicensed.awaitLoaded(Duration.ofSeconds(30))).isFalse();
        HttpResponse<String> response = post("""
                {"model":"mislicensed","messages":[{"role":"user","content":"x"}]}""");
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("model_unavailable");
        assertThat(error.path("message").asString()).contains("mislicensed").contains("out of service")
                .contains("apache-2.0").contains("llama-3.1");
    }

    @Test
    void eachCompletionIsAuditedWithTheEnginesTokenCounts() throws Exception {
        HttpResponse<String> response = post("""
                {"model":"tiny","messages":[{"role":"user","content":"audit me"}],"max_tokens":3,
                 "logit_bias":{"%d":-100}}""".formatted(endOfTurn));
        assertThat(response.statusCode()).isEqualTo(200);
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        JsonNode usage = json(response.body()).path("usage");
        Eventually.waitUntil(Duration.ofSeconds(15), "audit record",
                () -> jdbc.queryForObject("SELECT count(*) FROM audit_record WHERE id = ?", Integer.class, id) == 1);
        Map<String, Object> record = jdbc.queryForMap("SELECT * FROM audit_record WHERE id = ?", id);
        assertThat(record.get("backend")).isEqualTo("embedded");
        assertThat(((Number) record.get("prompt_tokens")).longValue()).isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(((Number) record.get("completion_tokens")).longValue()).isEqualTo(3);
        assertThat(record.get("finish_reason")).isEqualTo("length");
    }

    @Test
    void theEngineIsASpringAiChatModelThatChatClientUses() {
        ChatClient client = ChatClient.create(chatModel);
        ChatOptions.Builder<?> greedy = ChatOptions.builder().temperature(0.0).maxTokens(6);

        ChatResponse response = client.prompt().system("Be brief.").user("Hello").options(greedy).call().chatResponse();
        String text = response.getResult().getOutput().getText();
        assertThat(response.getMetadata().getModel()).isEqualTo("tiny-shared");
        assertThat(response.getResult().getMetadata().getFinishReason()).isIn("stop", "length");
        assertThat(response.getMetadata().getUsage().getCompletionTokens()).isBetween(1, 6);

        // The same request through the gateway's API gives the same greedy answer.
        ChatCompletion viaApi = sdk().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("tiny-shared").addSystemMessage("Be brief.").addUserMessage("Hello").temperature(0.0)
                .maxCompletionTokens(6).build());
        assertThat(text).isEqualTo(viaApi.choices().getFirst().message().content().orElse(""));

        String streamed = String.join("", client.prompt().system("Be brief.").user("Hello").options(greedy).stream()
                .content().collectList().block(Duration.ofSeconds(30)));
        assertThat(streamed).isEqualTo(text);
    }

    @Test
    void aSpringAiConversationWithToolsRendersTheSamePromptAsTheApi() {
        String schema = "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}";
        org.springframework.ai.tool.ToolCallback weather = new org.springframework.ai.tool.ToolCallback() {
            @Override
            public org.springframework.ai.tool.definition.ToolDefinition getToolDefinition() {
                return org.springframework.ai.tool.definition.ToolDefinition.builder().name("get_weather")
                        .description("Current weather for a city").inputSchema(schema).build();
            }

            @Override
            public String call(String arguments) {
                throw new AssertionError("the model's tool calls are run by the caller, not by the ChatModel");
            }
        };
        var prompt = new org.springframework.ai.chat.prompt.Prompt(List.of(
                new org.springframework.ai.chat.messages.UserMessage("Weather in Paris?"),
                org.springframework.ai.chat.messages.AssistantMessage.builder().content("")
                        .toolCalls(List.of(new org.springframework.ai.chat.messages.AssistantMessage.ToolCall(
                                "call_1", "function", "get_weather", "{\"location\":\"Paris\"}")))
                        .build(),
                org.springframework.ai.chat.messages.ToolResponseMessage.builder().responses(List.of(
                        new org.springframework.ai.chat.messages.ToolResponseMessage.ToolResponse("call_1",
                                "get_weather", "{\"temperature\":21}"))).build()),
                org.springframework.ai.model.tool.ToolCallingChatOptions.builder().toolCallbacks(weather)
                        .temperature(0.0).maxTokens(5).build());

        ChatResponse viaSpringAi = embeddedModels.chatModel("qwen-tiny").call(prompt);

        HttpResponse<String> viaApi;
        try {
            viaApi = post("""
                    {"model":"qwen-tiny","temperature":0,"max_tokens":5,
                     "tools":[{"type":"function","function":{"name":"get_weather",
                               "description":"Current weather for a city","parameters":%s}}],
                     "messages":[{"role":"user","content":"Weather in Paris?"},
                                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                                  "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
                                 {"role":"tool","tool_call_id":"call_1","content":"{\\"temperature\\":21}"}]}"""
                    .formatted(schema));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(viaApi.statusCode()).as(viaApi.body()).isEqualTo(200);
        JsonNode api = json(viaApi.body());
        // the same prompt tokens: the tool definition, the call and its result were all rendered, as via the API
        assertThat(viaSpringAi.getMetadata().getUsage().getPromptTokens())
                .isEqualTo(api.path("usage").path("prompt_tokens").asInt());
        var answer = viaSpringAi.getResult().getOutput();
        assertThat(answer.getText()).isEqualTo(api.path("choices").path(0).path("message").path("content")
                .asString(""));
        assertThat(answer.getToolCalls()).hasSize(api.path("choices").path(0).path("message").path("tool_calls")
                .size());
    }

    /** The oss-tiny model's id for a token text (its harmony vocabulary). */
    int ossToken(String text) {
        int id = embeddedModels.find("oss-tiny").orElseThrow().model().orElseThrow().tokenizer().vocabulary()
                .idOf(text);
        assertThat(id).as(text).isNotNegative();
        return id;
    }

    /**
     * A tool call a random-weight gpt-oss model can be steered into: the named function's header is written by the
     * gateway (tool_choice), then "{}" is biased up, and once repeated it is penalised below {@code <|call|>}.
     */
    ChatCompletionCreateParams forcedWeatherCall() {
        return ChatCompletionCreateParams.builder().model("oss-tiny").addUserMessage("Weather in Paris?")
                .addTool(com.openai.models.chat.completions.ChatCompletionFunctionTool.builder()
                        .function(com.openai.models.FunctionDefinition.builder().name("get_weather")
                                .description("Current weather for a city")
                                .parameters(com.openai.models.FunctionParameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                                Map.of("type", "string"))))
                                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                                        .build())
                                .build())
                        .build())
                .toolChoice(com.openai.models.chat.completions.ChatCompletionNamedToolChoice.builder()
                        .function(com.openai.models.chat.completions.ChatCompletionNamedToolChoice.Function.builder()
                                .name("get_weather").build())
                        .build())
                .temperature(0.0).maxCompletionTokens(10)
                .logitBias(ChatCompletionCreateParams.LogitBias.builder()
                        .putAdditionalProperty(Integer.toString(ossToken("{}")), JsonValue.from(100))
                        .putAdditionalProperty(Integer.toString(ossToken("<|call|>")), JsonValue.from(50)).build())
                .putAdditionalBodyProperty("repetition_penalty", JsonValue.from(10))
                .build();
    }

    @Test
    void aGptOssToolCallReachesTheSdkAsToolCallsAndTheAuditTrail() {
        var raw = sdk().chat().completions().withRawResponse().create(forcedWeatherCall());
        String requestId = raw.headers().values("x-request-id").getFirst();
        ChatCompletion completion = raw.parse();
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        var call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.id()).startsWith("call_");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{}");
        assertThat(choice.message().content()).isEmpty();

        Eventually.waitUntil(Duration.ofSeconds(15), "audit record", () -> jdbc.queryForObject(
                "SELECT count(*) FROM audit_record WHERE id = ?", Integer.class, requestId) == 1);
        java.util.UUID tenant = jdbc.queryForObject("SELECT tenant_id FROM audit_record WHERE id = ?",
                java.util.UUID.class, requestId);
        var audited = auditLog.readWithContent(tenant, requestId, "test", tenant).orElseThrow();
        assertThat(audited.finishReason()).isEqualTo("tool_calls");
        assertThat(audited.content().completion()).contains("[tool_calls]").contains("get_weather");
    }

    @Test
    void aGptOssToolCallStreamsAsOneToolCallsDelta() {
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(forcedWeatherCall())) {
            chunks = stream.stream().toList();
        }
        var calls = chunks.stream().flatMap(c -> c.choices().stream())
                .flatMap(c -> c.delta().toolCalls().orElse(List.of()).stream()).toList();
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().index()).isZero();
        assertThat(calls.getFirst().function().orElseThrow().name()).hasValue("get_weather");
        assertThat(calls.getFirst().function().orElseThrow().arguments()).hasValue("{}");
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.finishReason())
                .flatMap(java.util.Optional::stream).toList())
                .containsExactly(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void gptOssOutputThatBreaksHarmonyFailsTheRequestInsteadOfPassingItOn() throws Exception {
        String body = """
                {"model":"oss-tiny","messages":[{"role":"user","content":"hi"}],"max_tokens":5,%s
                 "logit_bias":{"%d":100}}""";
        for (String stream : List.of("", "\"stream\":true,")) {
            // <|call|> right after "<|start|>assistant": a message without a channel.
            HttpResponse<String> response = post(body.formatted(stream, ossToken("<|call|>")));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            JsonNode error = json(response.body()).path("error");
            assertThat(error.path("code").asString()).isEqualTo("malformed_model_output");
            assertThat(error.path("message").asString()).contains("harmony");
        }
    }

    @Test
    void gptOssParametersAreCheckedToo() throws Exception {
        HttpResponse<String> effort = post("""
                {"model":"oss-tiny","messages":[{"role":"user","content":"x"}],"reasoning_effort":"extreme"}""");
        assertThat(effort.statusCode()).isEqualTo(400);
        HttpResponse<String> stop = post("""
                {"model":"oss-tiny","messages":[{"role":"user","content":"x"}],"stop":"x"}""");
        assertThat(stop.statusCode()).isEqualTo(400);
        assertThat(json(stop.body()).path("error").path("param").asString()).isEqualTo("stop");
        HttpResponse<String> effortOnLlama = post("""
                {"model":"tiny","messages":[{"role":"user","content":"x"}],"reasoning_effort":"low"}""");
        assertThat(effortOnLlama.statusCode()).isEqualTo(400);
        assertThat(json(effortOnLlama.body()).path("error").path("param").asString()).isEqualTo("reasoning_effort");
    }

    @Test
    void aQwenTemplateDeclaresTheRequestsToolsToTheModel() throws Exception {
        String withoutTools = """
                {"model":"qwen-tiny","messages":[{"role":"user","content":"Weather?"}],"max_tokens":2}""";
        String withTools = """
                {"model":"qwen-tiny","messages":[{"role":"user","content":"Weather?"}],"max_tokens":2,
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""";
        HttpResponse<String> plain = post(withoutTools);
        HttpResponse<String> tooled = post(withTools);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(tooled.statusCode()).as(tooled.body()).isEqualTo(200);
        long plainPrompt = json(plain.body()).path("usage").path("prompt_tokens").asLong();
        long tooledPrompt = json(tooled.body()).path("usage").path("prompt_tokens").asLong();
        assertThat(tooledPrompt).as("the tool declarations are in the prompt").isGreaterThan(plainPrompt + 20);

        HttpResponse<String> unknownFunction = post(withTools.replace("\"max_tokens\":2,",
                "\"max_tokens\":2,\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}},"));
        assertThat(unknownFunction.statusCode()).isEqualTo(400);
        assertThat(json(unknownFunction.body()).path("error").path("param").asString()).isEqualTo("tool_choice");
    }

    @Test
    void aGenerationThatRunsOutOfTimeEndsWithLengthAndFreesItsSlot() throws Exception {
        for (String stream : List.of("", "\"stream\":true,\"stream_options\":{\"include_usage\":true},")) {
            HttpResponse<String> response = post("""
                    {"model":"tiny-hasty",%s"messages":[{"role":"user","content":"Go on"}],"max_tokens":60,
                     "logit_bias":{"%d":-100}}""".formatted(stream, endOfTurn));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"finish_reason\":\"length\"");
            assertThat(response.body()).doesNotContain("\"completion_tokens\":60");
        }
        assertThat(embeddedModels.find("tiny-hasty").orElseThrow().model().orElseThrow().slots().busy()).isZero();
    }
}
