package dev.weightgate.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weightgate.backend.BackendException;
import dev.weightgate.engine.chat.HarmonyDelta;
import dev.weightgate.engine.generate.FinishReason;
import dev.weightgate.engine.generate.GeneratedToken;
import dev.weightgate.engine.generate.Output;
import dev.weightgate.engine.vocab.DemoVocabulary;
import dev.weightgate.engine.vocab.GgufVocabularyReader;
import dev.weightgate.engine.vocab.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** gpt-oss answers, as token streams of the harmony test vocabulary, read into OpenAI's fields. */
class HarmonyTurnTests {

    static final Tokenizer TOKENIZER = Tokenizer.of(GgufVocabularyReader.read(DemoVocabulary.harmonyMetadata()));

    /** The completion text's tokens, split into generation steps of {@code step} tokens, ended by {@code end}. */
    static List<Output> outputs(String completion, String end, int step) {
        int[] ids = TOKENIZER.encode(completion, false, true);
        List<Output> outputs = new ArrayList<>();
        for (int from = 0; from < ids.length; from += step) {
            List<GeneratedToken> tokens = new ArrayList<>();
            for (int id : Arrays.copyOfRange(ids, from, Math.min(ids.length, from + step))) {
                tokens.add(new GeneratedToken(id, TOKENIZER.piece(id, false), null));
            }
            boolean last = from + step >= ids.length;
            outputs.add(new Output("", tokens, last ? FinishReason.STOP : null,
                    last ? TOKENIZER.vocabulary().idOf(end) : -1));
        }
        return outputs;
    }

    @Test
    void reasoningAndTheFinalAnswerGoToTheirOwnFieldsAsTheyArrive() {
        for (int step : new int[] {1, 3, 100}) {
            HarmonyTurn turn = new HarmonyTurn(TOKENIZER, List.of(), "");
            List<HarmonyDelta> deltas = new ArrayList<>();
            for (Output output : outputs("<|channel|>analysis<|message|>Let me think.<|end|><|start|>assistant"
                    + "<|channel|>final<|message|>Hello, world!", "<|return|>", step)) {
                deltas.addAll(turn.accept(output));
            }
            assertThat(deltas).allSatisfy(d -> assertThat(d).isNotInstanceOf(HarmonyDelta.ToolCallDelta.class));
            assertThat(turn.finishReason(FinishReason.STOP)).isEqualTo("stop");
            var message = turn.message();
            assertThat(message.path("reasoning_content").asString()).isEqualTo("Let me think.");
            assertThat(message.path("content").asString()).isEqualTo("Hello, world!");
            assertThat(message.has("tool_calls")).isFalse();
            assertThat(HarmonyTurn.delta(deltas.getFirst()).has("reasoning_content")).isTrue();
            assertThat(HarmonyTurn.delta(deltas.getLast()).has("content")).isTrue();
        }
    }

    @Test
    void aCallToADeclaredFunctionBecomesAToolCallWithNullContent() {
        HarmonyTurn turn = new HarmonyTurn(TOKENIZER, List.of("get_weather"), "");
        List<HarmonyDelta> deltas = new ArrayList<>();
        for (Output output : outputs("<|channel|>analysis<|message|>Need weather.<|end|><|start|>assistant"
                + "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"location\":\"Paris\"}",
                "<|call|>", 2)) {
            deltas.addAll(turn.accept(output));
        }
        assertThat(turn.finishReason(FinishReason.STOP)).isEqualTo("tool_calls");
        var message = turn.message();
        assertThat(message.path("content").isNull()).isTrue();
        var call = message.path("tool_calls").get(0);
        assertThat(call.path("type").asString()).isEqualTo("function");
        assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asString()).isEqualTo("{\"location\":\"Paris\"}");
        var streamed = HarmonyTurn.delta(deltas.getLast()).path("tool_calls").get(0);
        assertThat(streamed.path("index").asInt()).isZero();
        assertThat(streamed.path("id").asString()).isEqualTo(call.path("id").asString());
    }

    @Test
    void aCallToAnUndeclaredFunctionOrBrokenArgumentsFailTheRequest() {
        for (String completion : Set.of(
                "<|channel|>commentary to=functions.delete_all <|constrain|>json<|message|>{}",
                "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"location\":")) {
            HarmonyTurn turn = new HarmonyTurn(TOKENIZER, List.of("get_weather"), "");
            assertThatThrownBy(() -> outputs(completion, "<|call|>", 4).forEach(turn::accept))
                    .isInstanceOfSatisfying(BackendException.class, e -> {
                        assertThat(e.kind()).isEqualTo(BackendException.Kind.FAILED);
                        assertThat(e.code()).isEqualTo("malformed_model_output");
                    });
        }
    }

    @Test
    void aForcedCallsPrefilledHeaderIsPartOfTheAnswer() {
        HarmonyTurn turn = new HarmonyTurn(TOKENIZER, List.of("get_weather"),
                "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>");
        outputs("{\"location\":\"Oslo\"}", "<|call|>", 5).forEach(turn::accept);
        assertThat(turn.message().path("tool_calls").get(0).path("function").path("arguments").asString())
                .isEqualTo("{\"location\":\"Oslo\"}");
    }
}
