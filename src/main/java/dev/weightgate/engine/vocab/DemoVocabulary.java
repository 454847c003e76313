package dev.weightgate.engine.vocab;

import dev.weightgate.engine.gguf.GgufArray;
import dev.weightgate.engine.gguf.GgufKeys;
import dev.weightgate.engine.gguf.GgufMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small byte-level BPE vocabulary with ChatML's special tokens and template, built in code so that the gateway can
 * write a demo model without downloading anything. Every byte is a token, so any text can be encoded; a few hundred
 * merges learned from a built-in English sample make common words one or two tokens, as in a real vocabulary.
 */
public final class DemoVocabulary {

    /** ChatML, the format llama.cpp falls back to; Qwen's templates are the same without their system defaults. */
    public static final String CHAT_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + "
            + "'\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final int MERGES = 400;

    private static final String SAMPLE = """
            The quick brown fox jumps over the lazy dog. This is a demonstration model with random weights: what it
            writes is noise. To chat with a real model, put a GGUF file of Qwen, Llama, Mistral or gpt-oss into the
            models directory and restart the gateway. The gateway checks the key, decides the license policy,
            reserves the quota, generates the answer, settles the usage and records the request in the audit trail.
            Hello, how are you today? I am fine, thank you. What can you tell me about the weather in the city and
            the history of the company, its people, their work and the products they make for their customers?
            """;

    private DemoVocabulary() {
    }

    /** The {@code tokenizer.*} keys of the vocabulary, ready to be copied into a model file. */
    public static GgufMetadata metadata() {
        return build(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"), List.of(), CHAT_TEMPLATE, 0, 2);
    }

    /**
     * The same bytes and merges with harmony's markers instead of ChatML's, and a template text by which harmony is
     * recognised: the vocabulary of small gpt-oss test models. {@code "{}"} is one token, so that a test can steer a
     * random-weight model into a well-formed tool call with two biased tokens.
     */
    public static GgufMetadata harmonyMetadata() {
        return build(List.of("<|endoftext|>", "<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|constrain|>",
                "<|return|>", "<|call|>"), List.of("{ }"), "{#- harmony: <|start|>assistant<|channel|>final<|message|>"
                + " -#}", 0, 6);
    }

    private static GgufMetadata build(List<String> specials, List<String> extraMerges, String template, int bos,
                                      int eos) {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
            types.add(TokenAttributes.TYPE_NORMAL);
        }
        List<String> merges = new ArrayList<>(learnMerges());
        merges.addAll(extraMerges);
        for (String merge : merges) {
            String merged = merge.replace(" ", "");
            if (!tokens.contains(merged)) {
                tokens.add(merged);
                types.add(TokenAttributes.TYPE_NORMAL);
            }
        }
        int firstSpecial = tokens.size();
        for (String special : specials) {
            tokens.add(special);
            types.add(TokenAttributes.TYPE_CONTROL);
        }
        return GgufMetadata.builder()
                .putString(GgufKeys.TOKENIZER_MODEL, "gpt2")
                .putString(GgufKeys.TOKENIZER_PRE, "qwen2")
                .putArray(GgufKeys.TOKENIZER_TOKENS, GgufArray.ofStrings(tokens.toArray(String[]::new)))
                .putArray(GgufKeys.TOKENIZER_TOKEN_TYPE,
                        GgufArray.ofInt32(types.stream().mapToInt(Integer::intValue).toArray()))
                .putArray(GgufKeys.TOKENIZER_MERGES, GgufArray.ofStrings(merges.toArray(String[]::new)))
                .putUint32(GgufKeys.TOKENIZER_BOS_ID, firstSpecial + bos)
                .putUint32(GgufKeys.TOKENIZER_EOS_ID, firstSpecial + eos)
                .putUint32(GgufKeys.TOKENIZER_PAD_ID, firstSpecial + bos)
                .putBool(GgufKeys.TOKENIZER_ADD_BOS, false)
                .putString(GgufKeys.TOKENIZER_CHAT_TEMPLATE, template)
                .build();
    }

    /** Plain BPE training on the sample's words: repeatedly merge the most frequent adjacent pair. */
    private static List<String> learnMerges() {
        Map<List<String>, Integer> words = new LinkedHashMap<>();
        for (String word : SAMPLE.replace('\n', ' ').split("(?= )")) {
            if (word.isBlank()) {
                continue;
            }
            List<String> symbols = new ArrayList<>();
            for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
                symbols.add(String.valueOf(ByteLevelAlphabet.charOf(b & 0xff)));
            }
            words.merge(symbols, 1, Integer::sum);
        }
        List<String> merges = new ArrayList<>();
        while (merges.size() < MERGES) {
            Map<String, Integer> pairs = new HashMap<>();
            words.forEach((symbols, count) -> {
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    pairs.merge(symbols.get(i) + " " + symbols.get(i + 1), count, Integer::sum);
                }
            });
            String best = null;
            int bestCount = 1;
            for (Map.Entry<String, Integer> pair : pairs.entrySet()) {
                int count = pair.getValue();
                if (count > bestCount || count == bestCount && best != null && pair.getKey().compareTo(best) < 0) {
                    best = pair.getKey();
                    bestCount = count;
                }
            }
            if (best == null) {
                break;
            }
            merges.add(best);
            String left = best.substring(0, best.indexOf(' '));
            String right = best.substring(best.indexOf(' ') + 1);
            Map<List<String>, Integer> merged = new LinkedHashMap<>();
            words.forEach((symbols, count) -> merged.merge(merge(symbols, left, right), count, Integer::sum));
            words = merged;
        }
        return merges;
    }

    private static List<String> merge(List<String> symbols, String left, String right) {
        List<String> out = new ArrayList<>(symbols.size());
        for (int i = 0; i < symbols.size(); i++) {
            if (i + 1 < symbols.size() && symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                out.add(left + right);
                i++;
            } else {
                out.add(symbols.get(i));
            }
        }
        return out;
    }
}
