package dev.weightgate.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.engine.chat.ChatMessage;
import dev.weightgate.engine.chat.RenderOptions;
import dev.weightgate.engine.gguf.RandomModelSpec;
import dev.weightgate.engine.gguf.RandomModelWriter;
import dev.weightgate.engine.kernel.ComputePool;
import dev.weightgate.engine.model.Session;
import dev.weightgate.engine.sampling.Sampler;
import dev.weightgate.engine.sampling.SamplingParams;
import dev.weightgate.engine.tensor.GgmlType;
import dev.weightgate.engine.vocab.DemoVocabulary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation loop on a small random-weight model with the demo vocabulary (a real byte-level BPE tokenizer). */
class GenerationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static ComputePool pool;
    static LoadedModel model;
    static int endOfTurn;

    @BeforeAll
    static void load() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        RandomModelWriter.write(new RandomModelSpec("llama", 64, 2, 4, 2, 128, 256, GgmlType.F32, 3),
                DemoVocabulary.metadata(), file);
        pool = ComputePool.create(2);
        model = LoadedModel.open(file, pool, new LoadedModel.Options(128, 2, 1));
        endOfTurn = model.tokenizer().vocabulary().idOf("<|im_end|>");
    }

    @AfterAll
    static void close() {
        model.close();
        pool.close();
    }

    private static int[] prompt(String text) {
        return model.prompt(List.of(ChatMessage.user(text)), List.of(), RenderOptions.DEFAULT);
    }

    /** Runs a generation to its end and answers its text. */
    private static Result run(int[] prompt, GenerationParams params) throws InterruptedException {
        try (Generation generation = model.generate(prompt, params, WAIT)) {
            StringBuilder text = new StringBuilder();
            List<Integer> tokens = new ArrayList<>();
            Output output;
            do {
                output = generation.next();
                text.append(output.text());
                output.tokens().forEach(t -> tokens.add(t.id()));
            } while (!output.isLast());
            return new Result(text.toString(), tokens, output.finish(), generation);
        }
    }

    record Result(String text, List<Integer> tokens, FinishReason finish, Generation generation) {
    }

    @Test
    void rendersTheChatTemplateAndTokenizesItsSpecialTokens() {
        int[] prompt = prompt("hi");
        String text = model.tokenizer().decode(prompt, false, true);
        assertThat(text).isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        assertThat(prompt[0]).isEqualTo(model.tokenizer().vocabulary().idOf("<|im_start|>"));
    }

    @Test
    void greedyGenerationIsTheArgmaxOfAPlainForwardPassAndEndsAtMaxTokens() throws Exception {
        int[] prompt = prompt("The quick brown fox");
        Map<Integer, Float> noEnd = Map.of(endOfTurn, -100f);
        GenerationParams params = new GenerationParams(12, List.of(),
                SamplingParams.GREEDY.toBuilder().logitBias(noEnd).build(), false, 0);
        Result result = run(prompt, params);

        assertThat(result.finish()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.tokens()).hasSize(12);
        assertThat(result.generation().completionTokens()).isEqualTo(12);
        assertThat(result.text()).isEqualTo(model.tokenizer().decode(
                result.tokens().stream().mapToInt(Integer::intValue).toArray()));

        // The oracle: a fresh session fed the same tokens picks the same argmax at every step.
        try (Session session = model.model().newSession(128)) {
            float[] logits = session.forward(prompt, 0);
            for (int expected : result.tokens()) {
                logits[endOfTurn] -= 100f;
                assertThat(Sampler.argmax(logits)).isEqualTo(expected);
                logits = session.next(expected);
            }
        }
    }

    @Test
    void anEndOfTurnTokenStopsWithoutShowingIt() throws Exception {
        GenerationParams params = new GenerationParams(50, List.of(),
                SamplingParams.GREEDY.toBuilder().logitBias(Map.of(endOfTurn, 100f)).build(), true, 2);
        Result result = run(prompt("stop at once"), params);
        assertThat(result.finish()).isEqualTo(FinishReason.STOP);
        assertThat(result.text()).isEmpty();
        assertThat(result.tokens()).as("the end-of-turn token is not reported").isEmpty();
        assertThat(result.generation().completionTokens()).isEqualTo(1);
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() throws Exception {
        GenerationParams free = new GenerationParams(20, List.of(),
                SamplingParams.GREEDY.toBuilder().logitBias(Map.of(endOfTurn, -100f)).build(), false, 0);
        String full = run(prompt("abc"), free).text();
        assertThat(full.length()).isGreaterThan(4);
        String stop = full.substring(2, 4);
        int cut = full.indexOf(stop);

        Result stopped = run(prompt("abc"), new GenerationParams(20, List.of(stop), free.sampling(), false, 0));
        assertThat(stopped.finish()).isEqualTo(FinishReason.STOP);
        assertThat(stopped.text()).isEqualTo(full.substring(0, cut));
    }

    @Test
    void theSameSeedGivesTheSameTextAndLogprobsAreReported() throws Exception {
        SamplingParams sampled = SamplingParams.builder().temperature(1.5f).topK(0).topP(1f).minP(0f).seed(7L)
                .logitBias(Map.of(endOfTurn, -100f)).build();
        GenerationParams params = new GenerationParams(16, List.of(), sampled, true, 3);
        Result first = run(prompt("seeded"), params);
        Result second = run(prompt("seeded"), params);
        assertThat(second.tokens()).isEqualTo(first.tokens());
        assertThat(second.text()).isEqualTo(first.text());

        try (Generation generation = model.generate(prompt("seeded"), params, WAIT)) {
            Output output = generation.next();
            var token = output.tokens().getFirst();
            assertThat(token.logprobs().chosen().token()).isEqualTo(token.id());
            assertThat(token.logprobs().chosen().logprob()).isNegative();
            assertThat(token.logprobs().top()).hasSize(3);
            assertThat(token.logprobs().top().getFirst().logprob())
                    .isGreaterThanOrEqualTo(token.logprobs().chosen().logprob());
        }
    }

    @Test
    void theNextTurnReusesTheCachedPrefixAndAnswersAsAFreshSlotWould() throws Exception {
        GenerationParams params = new GenerationParams(8, List.of(),
                SamplingParams.GREEDY.toBuilder().logitBias(Map.of(endOfTurn, -100f)).build(), false, 0);
        try (LoadedModel single = LoadedModel.open(model.model().path(), pool, new LoadedModel.Options(128, 1, 0))) {
            int[] first = single.prompt(List.of(ChatMessage.user("first question")), List.of(), RenderOptions.DEFAULT);
            try (Generation g = single.generate(first, params, WAIT)) {
                while (!g.next().isLast()) {
                    // run to the end
                }
                assertThat(g.cachedTokens()).isZero();
            }
            int[] second = single.prompt(List.of(ChatMessage.user("first question"), ChatMessage.assistant("x"),
                    ChatMessage.user("second")), List.of(), RenderOptions.DEFAULT);
            List<Integer> reused;
            try (Generation g = single.generate(second, params, WAIT)) {
                reused = new ArrayList<>();
                Output o;
                do {
                    o = g.next();
                    o.tokens().forEach(t -> reused.add(t.id()));
                } while (!o.isLast());
                assertThat(g.cachedTokens()).as("the first turn's prompt is kept").isGreaterThan(5);
            }
            assertThat(run(second, params).tokens()).as("same tokens as without reuse").isEqualTo(reused);
        }
    }

    @Test
    void aPromptThatLeavesNoRoomIsRefusedBeforeTakingASlot() {
        int[] prompt = new int[128];
        assertThatThrownBy(() -> model.generate(prompt, GenerationParams.greedy(4), WAIT))
                .isInstanceOf(PromptTooLongException.class)
                .hasMessageContaining("maximum context length is 128 tokens")
                .hasMessageContaining("resulted in 128 tokens");
        assertThat(model.slots().busy()).isZero();
    }

    @Test
    void theContextEndsAGenerationWithLength() throws Exception {
        int[] prompt = new int[120];
        java.util.Arrays.fill(prompt, 'a');
        GenerationParams params = new GenerationParams(100, List.of(),
                SamplingParams.GREEDY.toBuilder().logitBias(Map.of(endOfTurn, -100f)).build(), false, 0);
        Result result = run(prompt, params);
        assertThat(result.finish()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.generation().completionTokens()).isEqualTo(128 - 120 + 1);
    }

    @Test
    void aFullQueueIsRefusedAndClosingAGenerationFreesItsSlotAtOnce() throws Exception {
        try (LoadedModel single = LoadedModel.open(model.model().path(), pool, new LoadedModel.Options(64, 1, 0))) {
            int[] prompt = single.prompt(List.of(ChatMessage.user("q")), List.of(), RenderOptions.DEFAULT);
            Generation running = single.generate(prompt, GenerationParams.greedy(50), WAIT);
            running.next();
            assertThatThrownBy(() -> single.generate(prompt, GenerationParams.greedy(5), WAIT))
                    .isInstanceOf(ModelBusyException.class).hasMessageContaining("busy");
            running.close(); // the client went away mid-generation
            assertThat(single.slots().busy()).isZero();
            try (Generation next = single.generate(prompt, GenerationParams.greedy(5), WAIT)) {
                assertThat(next.next()).isNotNull();
            }
        }
    }

    @Test
    void waitingRequestsAreServedInTurnAndConcurrentOnesNeverSeeEachOthersTokens() throws Exception {
        GenerationParams params = new GenerationParams(10, List.of(),
                SamplingParams.GREEDY.toBuilder().logitBias(Map.of(endOfTurn, -100f)).build(), false, 0);
        List<String> questions = List.of("alpha", "bravo", "charlie", "delta");
        List<List<Integer>> alone = new ArrayList<>();
        for (String q : questions) {
            alone.add(run(prompt(q), params).tokens());
        }
        try (LoadedModel shared = LoadedModel.open(model.model().path(), pool, new LoadedModel.Options(128, 2, 8));
             ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<List<Integer>>> answers = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String q : questions) {
                    answers.add(clients.submit(() -> {
                        int[] p = shared.prompt(List.of(ChatMessage.user(q)), List.of(), RenderOptions.DEFAULT);
                        List<Integer> tokens = new ArrayList<>();
                        try (Generation g = shared.generate(p, params, WAIT)) {
                            Output o;
                            do {
                                o = g.next();
                                o.tokens().forEach(t -> tokens.add(t.id()));
                            } while (!o.isLast());
                        }
                        return tokens;
                    }));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).as(questions.get(i % 4)).isEqualTo(alone.get(i % 4));
            }
        }
    }

    @Test
    void aSlidingWindowModelThatCannotRewindThatFarRunsThePromptAgainAndAnswersTheSame() throws Exception {
        Path file = dir.resolve("oss.gguf");
        RandomModelWriter.write(new RandomModelSpec("gpt-oss", 64, 2, 4, 2, 64, 2048, GgmlType.F32, 9, 16,
                RandomModelSpec.TypeMix.UNIFORM, false, new RandomModelSpec.GptOss(4, 2, 4, GgmlType.MXFP4)),
                DemoVocabulary.harmonyMetadata(), file);
        GenerationParams params = GenerationParams.greedy(4);
        try (LoadedModel oss = LoadedModel.open(file, pool, new LoadedModel.Options(1024, 1, 0))) {
            int[] longPrompt = new int[600];
            for (int i = 0; i < longPrompt.length; i++) {
                longPrompt[i] = 'a' + i % 26;
            }
            try (Generation g = oss.generate(longPrompt, params, WAIT)) {
                while (!g.next().isLast()) {
                    // fills the ring of the sliding layers far past position 100
                }
            }
            int[] diverging = java.util.Arrays.copyOf(longPrompt, 120);
            diverging[110] = 'z';
            List<Integer> reused = new ArrayList<>();
            try (Generation g = oss.generate(diverging, params, WAIT)) {
                Output o;
                do {
                    o = g.next();
                    o.tokens().forEach(t -> reused.add(t.id()));
                } while (!o.isLast());
                assertThat(g.cachedTokens()).as("position 110 is long gone from the window's ring").isZero();
            }
            try (LoadedModel fresh = LoadedModel.open(file, pool, new LoadedModel.Options(1024, 1, 0));
                 Generation g = fresh.generate(diverging, params, WAIT)) {
                List<Integer> tokens = new ArrayList<>();
                Output o;
                do {
                    o = g.next();
                    o.tokens().forEach(t -> tokens.add(t.id()));
                } while (!o.isLast());
                assertThat(reused).isEqualTo(tokens);
            }
        }
    }

    @Test
    void aNewRequestDoesNotBargePastOnesAlreadyWaiting() throws Exception {
        try (LoadedModel single = LoadedModel.open(model.model().path(), pool, new LoadedModel.Options(64, 1, 4));
             ExecutorService clients = Executors.newFixedThreadPool(2)) {
            int[] prompt = single.prompt(List.of(ChatMessage.user("q")), List.of(), RenderOptions.DEFAULT);
            Generation holder = single.generate(prompt, GenerationParams.greedy(5), WAIT);
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            Future<?> waiting = clients.submit(() -> {
                try (Generation g = single.generate(prompt, GenerationParams.greedy(1), WAIT)) {
                    order.add("waiting");
                }
                return null;
            });
            while (single.slots().queued() == 0) {
                Thread.onSpinWait();
            }
            holder.close();
            // A newcomer arriving as the slot frees up must queue behind the request that was already waiting.
            try (Generation late = single.generate(prompt, GenerationParams.greedy(1), WAIT)) {
                order.add("late");
            }
            waiting.get();
            assertThat(order).containsExactly("waiting", "late");
        }
    }

    @Test
    void endingNowReleasesHeldTextAndTheSlotAsTheTokenLimitWould() throws Exception {
        try (LoadedModel single = LoadedModel.open(model.model().path(), pool, new LoadedModel.Options(64, 1, 0))) {
            int[] prompt = single.prompt(List.of(ChatMessage.user("q")), List.of(), RenderOptions.DEFAULT);
            GenerationParams params = new GenerationParams(40, List.of("\u0000never"),
                    SamplingParams.GREEDY.toBuilder().logitBias(Map.of(endOfTurn, -100f)).build(), false, 0);
            Generation g = single.generate(prompt, params, WAIT);
            g.next();
            Output last = g.endNow();
            assertThat(last.finish()).isEqualTo(FinishReason.LENGTH);
            assertThat(g.finished()).isTrue();
            assertThat(single.slots().busy()).isZero();
            assertThatThrownBy(g::next).isInstanceOf(IllegalStateException.class);
        }
    }
}
