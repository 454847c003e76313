package dev.weightgate.engine.vocab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A model's vocabulary: token texts, scores and attributes, the special token ids and the flags that steer
 * tokenization. Immutable and safe to share.
 *
 * <p>{@link Builder#build()} applies what llama.cpp's vocabulary loader applies ({@code llama_vocab::impl::load}):
 * per-model defaults for the special ids and flags, the repairs of token attributes by token text (end-of-turn and
 * fill-in-the-middle markers become control tokens, control tokens named "unused" become unused, the harmony
 * markers of gpt-oss become user-defined), the set of end-of-generation tokens, and the strip attributes some
 * model families get by name. A vocabulary built from arrays therefore behaves like one read from a GGUF file.
 */
public final class Vocabulary {

    /** Stands for "no such token", as {@code LLAMA_TOKEN_NULL} does. */
    public static final int NO_TOKEN = -1;

    private static final String SPM_SPACE = "\u2581";

    private final TokenizerModel model;
    private final PreTokenizerProfile preTokenizer;
    private final String preTokenizerName;
    private final String[] texts;
    private final float[] scores;
    private final int[] attributes;
    private final Map<String, Integer> ids;
    private final List<String> merges;
    private final Map<SpecialToken, Integer> specialIds;
    private final int newlineId;
    private final boolean addBos;
    private final boolean addEos;
    private final boolean addSpacePrefix;
    private final int[] endOfGeneration;
    private final int[] specialTokensLongestFirst;

    private Vocabulary(Builder b, String[] texts, Map<String, Integer> ids, int[] attributes,
                       Map<SpecialToken, Integer> specialIds, int newlineId, int[] endOfGeneration) {
        this.model = b.model;
        this.preTokenizer = b.profile;
        this.preTokenizerName = b.preTokenizerName;
        this.texts = texts;
        this.scores = b.scores == null ? new float[texts.length] : Arrays.copyOf(b.scores, texts.length);
        this.attributes = attributes;
        this.ids = ids;
        this.merges = b.merges == null ? List.of() : List.copyOf(b.merges);
        this.specialIds = specialIds;
        this.newlineId = newlineId;
        this.addBos = b.addBos;
        this.addEos = b.addEos;
        this.addSpacePrefix = b.addSpacePrefix;
        this.endOfGeneration = endOfGeneration;
        this.specialTokensLongestFirst = specialTokensLongestFirst(texts, attributes);
    }

    public static Builder builder(TokenizerModel model, String[] tokens) {
        return new Builder(model, tokens);
    }

    public TokenizerModel model() {
        return model;
    }

    /** The pre-tokenizer of a byte-level BPE vocabulary; empty for SentencePiece. */
    public Optional<PreTokenizerProfile> preTokenizer() {
        return Optional.ofNullable(preTokenizer);
    }

    /** The {@code tokenizer.ggml.pre} name the vocabulary was built with, if any. */
    public Optional<String> preTokenizerName() {
        return Optional.ofNullable(preTokenizerName);
    }

    public int size() {
        return texts.length;
    }

    public String text(int id) {
        return texts[id];
    }

    public float score(int id) {
        return scores[id];
    }

    /** The {@link TokenAttributes} flags of a token. */
    public int attributes(int id) {
        return attributes[id];
    }

    /** The id of the token with exactly this text, or {@link #NO_TOKEN}. */
    public int idOf(String text) {
        Integer id = ids.get(text);
        return id == null ? NO_TOKEN : id;
    }

    public boolean isNormal(int id) {
        return TokenAttributes.has(attributes[id], TokenAttributes.NORMAL);
    }

    public boolean isControl(int id) {
        return TokenAttributes.has(attributes[id], TokenAttributes.CONTROL);
    }

    public boolean isUserDefined(int id) {
        return TokenAttributes.has(attributes[id], TokenAttributes.USER_DEFINED);
    }

    public boolean isByte(int id) {
        return TokenAttributes.has(attributes[id], TokenAttributes.BYTE);
    }

    public boolean isUnknown(int id) {
        return TokenAttributes.has(attributes[id], TokenAttributes.UNKNOWN);
    }

    public boolean isUnused(int id) {
        return TokenAttributes.has(attributes[id], TokenAttributes.UNUSED);
    }

    /** True for tokens that end generation: EOS, EOT, EOM and the end markers llama.cpp knows by text. */
    public boolean isEndOfGeneration(int id) {
        return id != NO_TOKEN && Arrays.binarySearch(endOfGeneration, id) >= 0;
    }

    /** The end-of-generation ids, ascending. */
    public int[] endOfGenerationIds() {
        return endOfGeneration.clone();
    }

    /** The id playing a role, or {@link #NO_TOKEN}. */
    public int special(SpecialToken role) {
        return specialIds.getOrDefault(role, NO_TOKEN);
    }

    public int bos() {
        return special(SpecialToken.BOS);
    }

    public int eos() {
        return special(SpecialToken.EOS);
    }

    public int eot() {
        return special(SpecialToken.EOT);
    }

    public int eom() {
        return special(SpecialToken.EOM);
    }

    public int unk() {
        return special(SpecialToken.UNK);
    }

    public int pad() {
        return special(SpecialToken.PAD);
    }

    public int sep() {
        return special(SpecialToken.SEP);
    }

    /** The token a newline encodes to, or {@link #NO_TOKEN}. */
    public int newline() {
        return newlineId;
    }

    /** Whether encoding with special tokens starts with BOS. */
    public boolean addBos() {
        return addBos;
    }

    /** Whether encoding with special tokens ends with EOS. */
    public boolean addEos() {
        return addEos;
    }

    /** Whether SentencePiece encoding puts a space before text that starts the input or follows a special token. */
    public boolean addSpacePrefix() {
        return addSpacePrefix;
    }

    /** Whether decoding removes the space before punctuation and some contractions. */
    public boolean cleanSpaces() {
        return preTokenizer != null && preTokenizer.cleanSpaces();
    }

    /** The BPE merges ("left right"), in rank order; empty for SentencePiece. */
    public List<String> merges() {
        return merges;
    }

    /** Control, user-defined and unknown tokens, longest UTF-8 text first: the special-token partition order. */
    int[] specialTokensLongestFirst() {
        return specialTokensLongestFirst;
    }

    @Override
    public String toString() {
        return "Vocabulary[" + model.ggufName() + (preTokenizerName == null ? "" : "/" + preTokenizerName) + ", "
                + texts.length + " tokens]";
    }

    private static int[] specialTokensLongestFirst(String[] texts, int[] attributes) {
        int mask = TokenAttributes.CONTROL | TokenAttributes.USER_DEFINED | TokenAttributes.UNKNOWN;
        List<Integer> special = new ArrayList<>();
        for (int id = 0; id < texts.length; id++) {
            if ((attributes[id] & mask) != 0) {
                special.add(id);
            }
        }
        int[] utf8Length = new int[texts.length];
        for (int id : special) {
            utf8Length[id] = texts[id].getBytes(StandardCharsets.UTF_8).length;
        }
        // llama.cpp sorts by length only; ties are broken by id here so the order is reproducible.
        special.sort(Comparator.<Integer>comparingInt(id -> -utf8Length[id]).thenComparingInt(id -> id));
        return special.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Collects a vocabulary's parts; {@link #build()} fills in llama.cpp's defaults for whatever is not set. */
    public static final class Builder {

        private final TokenizerModel model;
        private final String[] tokens;
        private float[] scores;
        private int[] tokenTypes;
        private List<String> merges;
        private String preTokenizerName;
        private PreTokenizerProfile profile;
        private String modelName = "";
        private String architecture = "";
        private final Map<SpecialToken, Integer> specialOverrides = new EnumMap<>(SpecialToken.class);
        private Boolean addBosOverride;
        private Boolean addEosOverride;
        private Boolean addSpacePrefixOverride;
        private boolean addBos;
        private boolean addEos;
        private boolean addSpacePrefix;

        private Builder(TokenizerModel model, String[] tokens) {
            this.model = Objects.requireNonNull(model, "model");
            this.tokens = Objects.requireNonNull(tokens, "tokens").clone();
        }

        /** Merge priorities for SentencePiece (higher merges first); absent means all zero. */
        public Builder scores(float[] scores) {
            this.scores = scores.clone();
            return this;
        }

        /** GGUF token types (see {@link TokenAttributes}); absent means all normal. */
        public Builder tokenTypes(int[] tokenTypes) {
            this.tokenTypes = tokenTypes.clone();
            return this;
        }

        /** BPE merges, "left right", in rank order; required for byte-level BPE. */
        public Builder merges(List<String> merges) {
            this.merges = List.copyOf(merges);
            return this;
        }

        /** The {@code tokenizer.ggml.pre} name; absent means llama.cpp's default pre-tokenizer. */
        public Builder preTokenizer(String name) {
            this.preTokenizerName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** {@code general.name}: llama.cpp gives some families (Phi-3) extra token attributes by name. */
        public Builder modelName(String name) {
            this.modelName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** {@code general.architecture}, used the same way as {@link #modelName}. */
        public Builder architecture(String name) {
            this.architecture = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Assigns a role to a token id; an id outside the vocabulary is ignored, as llama.cpp does. */
        public Builder special(SpecialToken role, long id) {
            specialOverrides.put(role, (int) Math.clamp(id, -1, Integer.MAX_VALUE));
            return this;
        }

        public Builder addBos(boolean add) {
            this.addBosOverride = add;
            return this;
        }

        public Builder addEos(boolean add) {
            this.addEosOverride = add;
            return this;
        }

        public Builder addSpacePrefix(boolean add) {
            this.addSpacePrefixOverride = add;
            return this;
        }

        /**
         * Builds the vocabulary.
         *
         * @throws IllegalArgumentException if tokens repeat, arrays are shorter than the token list, the
         *                                  pre-tokenizer is unknown, merges are missing for BPE, or a flag asks
         *                                  to add BOS/EOS while that token is not set
         */
        public Vocabulary build() {
            Map<SpecialToken, Integer> special = new EnumMap<>(SpecialToken.class);
            applyModelDefaults(special);
            if (addSpacePrefixOverride != null) {
                addSpacePrefix = addSpacePrefixOverride;
            }
            String[] texts = tokens.clone();
            Map<String, Integer> ids = new HashMap<>(texts.length * 2);
            for (int i = 0; i < texts.length; i++) {
                if (texts[i].isEmpty()) {
                    texts[i] = "[EMPTY_" + i + "]";
                }
                Integer previous = ids.putIfAbsent(texts[i], i);
                if (previous != null) {
                    throw new IllegalArgumentException("duplicate token in vocabulary: '" + texts[i] + "' has ids "
                            + previous + " and " + i);
                }
            }
            requireLength("scores", scores == null ? texts.length : scores.length, texts.length);
            requireLength("token types", tokenTypes == null ? texts.length : tokenTypes.length, texts.length);
            int[] attributes = new int[texts.length];
            for (int i = 0; i < texts.length; i++) {
                attributes[i] = tokenTypes == null
                        ? TokenAttributes.NORMAL
                        : TokenAttributes.fromTokenType(tokenTypes[i]);
            }
            TokenRepairs repairs = new TokenRepairs(texts, ids, attributes, special);
            int newline = newlineId(ids, attributes, special);
            applySpecialOverrides(special, texts.length);
            applyAddFlags(special);
            int[] endOfGeneration = repairs.apply();
            repairs.applyFamilyAttributes(modelName, architecture, preTokenizerName == null ? "" : preTokenizerName);
            special.values().removeIf(id -> id == NO_TOKEN);
            return new Vocabulary(this, texts, Collections.unmodifiableMap(ids), attributes,
                    Collections.unmodifiableMap(special), newline, endOfGeneration);
        }

        private void applyModelDefaults(Map<SpecialToken, Integer> special) {
            switch (model) {
                case SENTENCE_PIECE -> {
                    special.put(SpecialToken.BOS, 1);
                    special.put(SpecialToken.EOS, 2);
                    special.put(SpecialToken.UNK, 0);
                    addSpacePrefix = true;
                    addBos = true;
                    addEos = false;
                    profile = null;
                }
                case BYTE_LEVEL_BPE -> {
                    if (merges == null) {
                        throw new IllegalArgumentException("a byte-level BPE vocabulary needs merges");
                    }
                    // llama.cpp's placeholders; real files set their own ids.
                    special.put(SpecialToken.BOS, 11);
                    special.put(SpecialToken.EOS, 11);
                    profile = preTokenizerName == null ? PreTokenizerProfile.DEFAULT : knownProfile(preTokenizerName);
                    addSpacePrefix = false;
                    addBos = profile.addBos();
                    addEos = false;
                }
            }
        }

        private static PreTokenizerProfile knownProfile(String name) {
            return PreTokenizerProfile.forName(name).orElseThrow(() ->
                    new IllegalArgumentException("unknown pre-tokenizer type: '" + name + "'"));
        }

        private void applySpecialOverrides(Map<SpecialToken, Integer> special, int size) {
            special.replaceAll((role, id) -> id >= size ? NO_TOKEN : id);
            specialOverrides.forEach((role, id) -> {
                if (id >= 0 && id < size) {
                    special.put(role, id);
                }
            });
        }

        private void applyAddFlags(Map<SpecialToken, Integer> special) {
            if (addBosOverride != null) {
                addBos = addBosOverride;
            }
            if (addEosOverride != null) {
                addEos = addEosOverride;
            }
            if (addBos && special.getOrDefault(SpecialToken.BOS, NO_TOKEN) == NO_TOKEN) {
                throw new IllegalArgumentException("add_bos_token is true, but bos_token_id is not set");
            }
            if (addEos && special.getOrDefault(SpecialToken.EOS, NO_TOKEN) == NO_TOKEN) {
                throw new IllegalArgumentException("add_eos_token is true, but eos_token_id is not set");
            }
        }

        /**
         * The token "\n" encodes to on its own (llama.cpp's {@code linefeed_id}), or PAD when there is none. For
         * BPE a user-defined "\n" token wins, as the special-token partition would find it first.
         */
        private int newlineId(Map<String, Integer> ids, int[] attributes, Map<SpecialToken, Integer> special) {
            List<String> candidates = model == TokenizerModel.SENTENCE_PIECE
                    ? List.of("<0x0A>", "\n")
                    : List.of("\n", String.valueOf(ByteLevelAlphabet.charOf(0x0A)));
            for (String text : candidates) {
                Integer id = ids.get(text);
                boolean usable = model == TokenizerModel.SENTENCE_PIECE || !text.equals("\n")
                        || (id != null && TokenAttributes.has(attributes[id], TokenAttributes.USER_DEFINED));
                if (id != null && usable) {
                    return id;
                }
            }
            return special.getOrDefault(SpecialToken.PAD, NO_TOKEN);
        }

        private static void requireLength(String what, int length, int tokens) {
            if (length < tokens) {
                throw new IllegalArgumentException(what + ": " + length + " entries for " + tokens + " tokens");
            }
        }
    }

    /** llama.cpp's repairs of token attributes by token text, and the end-of-generation set they lead to. */
    private static final class TokenRepairs {

        private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>",
                "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]",
                "<\uFF5Cend\u2581of\u2581sentence\uFF5C>", "<end_of_utterance>");
        private static final List<String> EOM_TEXTS = List.of("<|eom_id|>");
        private static final Map<SpecialToken, List<String>> FIM_TEXTS = Map.of(
                SpecialToken.FIM_PRE, List.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",
                        "<\uFF5Cfim\u2581begin\uFF5C>", "<PRE>", SPM_SPACE + "<PRE>", "<|code_prefix|>", "<|prefix|>"),
                SpecialToken.FIM_SUF, List.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>",
                        "<\uFF5Cfim\u2581hole\uFF5C>", "<SUF>", SPM_SPACE + "<SUF>", "<|code_suffix|>", "<|suffix|>"),
                SpecialToken.FIM_MID, List.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>",
                        "<\uFF5Cfim\u2581end\uFF5C>", "<MID>", SPM_SPACE + "<MID>", "<|code_middle|>", "<|middle|>"),
                SpecialToken.FIM_PAD, List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"),
                SpecialToken.FIM_REP, List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"),
                SpecialToken.FIM_SEP, List.of("<|file_sep|>"));
        private static final List<String> EOG_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>",
                "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>",
                "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>",
                "<turn|>", "<|tool_response>", "<\uFF5Cend\u2581of\u2581sentence\uFF5C>", "[e~[");
        /** gpt-oss's harmony markers must stay visible in decoded text, where the channels are parsed from. */
        private static final List<String> ALWAYS_RENDERED = List.of("<|channel|>", "<|message|>", "<|start|>",
                "<|constrain|>");

        private final String[] texts;
        private final Map<String, Integer> ids;
        private final int[] attributes;
        private final Map<SpecialToken, Integer> special;

        TokenRepairs(String[] texts, Map<String, Integer> ids, int[] attributes, Map<SpecialToken, Integer> special) {
            this.texts = texts;
            this.ids = ids;
            this.attributes = attributes;
            this.special = special;
        }

        /** Repairs attributes and answers the end-of-generation ids, ascending. */
        int[] apply() {
            // llama.cpp walks a hash map and takes the first text it meets; the list order is used here.
            detectByText(SpecialToken.EOT, EOT_TEXTS);
            detectByText(SpecialToken.EOM, EOM_TEXTS);
            for (SpecialToken role : List.of(SpecialToken.FIM_PRE, SpecialToken.FIM_SUF, SpecialToken.FIM_MID,
                    SpecialToken.FIM_PAD, SpecialToken.FIM_REP, SpecialToken.FIM_SEP)) {
                detectByText(role, FIM_TEXTS.get(role));
            }
            for (int id = 0; id < texts.length; id++) {
                if ((attributes[id] & TokenAttributes.CONTROL) != 0 && texts[id].contains("unused")) {
                    attributes[id] |= TokenAttributes.UNUSED;
                }
            }
            TreeSet<Integer> eog = new TreeSet<>();
            for (SpecialToken role : List.of(SpecialToken.FIM_PAD, SpecialToken.FIM_REP, SpecialToken.FIM_SEP)) {
                addIfSet(eog, role);
            }
            for (String text : EOG_TEXTS) {
                Integer id = ids.get(text);
                if (id != null) {
                    eog.add(id);
                    attributes[id] |= TokenAttributes.CONTROL;
                }
            }
            for (String text : ALWAYS_RENDERED) {
                Integer id = ids.get(text);
                if (id != null) {
                    attributes[id] = TokenAttributes.USER_DEFINED;
                }
            }
            addIfSet(eog, SpecialToken.EOS);
            addIfSet(eog, SpecialToken.EOT);
            addIfSet(eog, SpecialToken.EOM);
            demoteHarmonyEnd(eog);
            demoteGemmaEndOfSequence(eog);
            return eog.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Strip attributes llama.cpp sets for a few families, found by model, architecture or pre-tokenizer name. */
        void applyFamilyAttributes(String modelName, String architecture, String preTokenizer) {
            String name = modelName.toLowerCase(Locale.ROOT);
            if (containsAny(preTokenizer, "jina-v2-de", "jina-v2-es", "jina-v2-code")
                    || containsAny(architecture, "nomic-bert-moe", "jina-bert-v3")) {
                setFlag("<mask>", TokenAttributes.LSTRIP, true);
            } else if (containsAny(name, "phi-3", "phi3")) {
                for (int id : specialTokensLongestFirst(texts, attributes)) {
                    attributes[id] |= TokenAttributes.RSTRIP;
                }
                setFlag("</s>", TokenAttributes.RSTRIP, true);
                for (String text : List.of("<unk>", "<s>", "<|endoftext|>")) {
                    setFlag(text, TokenAttributes.RSTRIP, false);
                }
            } else if (name.contains("modern-bert")) {
                setFlag("[MASK]", TokenAttributes.LSTRIP, true);
            }
        }

        private void detectByText(SpecialToken role, List<String> candidates) {
            if (special.getOrDefault(role, NO_TOKEN) != NO_TOKEN) {
                return;
            }
            for (String text : candidates) {
                Integer id = ids.get(text);
                if (id != null) {
                    special.put(role, id);
                    attributes[id] |= TokenAttributes.CONTROL;
                    return;
                }
            }
        }

        private void addIfSet(TreeSet<Integer> eog, SpecialToken role) {
            int id = special.getOrDefault(role, NO_TOKEN);
            if (id != NO_TOKEN) {
                eog.add(id);
            }
        }

        /**
         * o200k_harmony (and solar-open) end a message with {@code <|end|>} but a turn with {@code <|return|>} or
         * {@code <|call|>}: there {@code <|end|>} does not end generation and is rendered as text.
         */
        private void demoteHarmonyEnd(TreeSet<Integer> eog) {
            boolean hasReturn = containsText(eog, "<|return|>");
            boolean hasCall = containsText(eog, "<|call|>") || containsText(eog, "<|calls|>");
            boolean hasFlush = containsText(eog, "<|flush|>");
            Integer end = ids.get("<|end|>");
            if (end != null && eog.contains(end) && ((hasReturn && hasCall) || (hasCall && hasFlush))) {
                eog.remove(end);
                attributes[end] = TokenAttributes.USER_DEFINED;
            }
        }

        private void demoteGemmaEndOfSequence(TreeSet<Integer> eog) {
            Integer endOfSequence = ids.get("</s>");
            if (endOfSequence != null && eog.contains(endOfSequence) && containsText(eog, "<|tool_response>")) {
                eog.remove(endOfSequence);
                attributes[endOfSequence] = TokenAttributes.NORMAL;
            }
        }

        private boolean containsText(TreeSet<Integer> eog, String text) {
            Integer id = ids.get(text);
            return id != null && eog.contains(id);
        }

        private void setFlag(String text, int flag, boolean value) {
            Integer id = ids.get(text);
            if (id != null) {
                attributes[id] = value ? attributes[id] | flag : attributes[id] & ~flag;
            }
        }

        private static boolean containsAny(String text, String... parts) {
            return Arrays.stream(parts).anyMatch(text::contains);
        }
    }
}
