package dev.weightgate.engine.vocab;

import java.util.List;

/**
 * The pre-tokenizers of byte-level BPE vocabularies: each splits text into words with the regex list llama.cpp
 * gives it ({@code llm_tokenizer_bpe} in {@code llama-vocab.cpp}), and merges never cross a word boundary.
 * Several {@code tokenizer.ggml.pre} names share one list; see {@link PreTokenizerProfile}.
 */
public enum PreTokenizerType {

    /** llama.cpp's fallback when a BPE file names no pre-tokenizer. */
    DEFAULT(List.of(
            "[\\p{P}\\$\\+<=>\\^~\\|]+",
            Gpt2Splitter.PATTERN,
            "\\p{N}+",
            "[0-9][0-9][0-9]")),

    GPT2(List.of(Gpt2Splitter.PATTERN)),

    LLAMA3(List.of(Llama3Splitter.PATTERN)),

    /** The Llama 3 pattern with single digits; llama.cpp has no hand-written splitter for it. */
    QWEN2(List.of(
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),

    /** Letters, punctuation and CJK ranges spelled out as DeepSeek's tokenizer.json does (escaped here). */
    DEEPSEEK_LLM(List.of(
            "[\r\n]",
            "\\s?[A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF"
                    + "\u0370-\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5"
                    + "\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA"
                    + "\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45"
                    + "\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-"
                    + "\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107"
                    + "\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139\u213C-\u213F"
                    + "\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3\uA640-\uA66D"
                    + "\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17"
                    + "\uFF21-\uFF3A\uFF41-\uFF5A\uD801\uDC00-\uD801\uDC4F\uD801\uDCB0-\uD801\uDCD3\uD801\uDCD8-\uD801"
                    + "\uDCFB\uD803\uDC80-\uD803\uDCB2\uD803\uDCC0-\uD803\uDCF2\uD806\uDCA0-\uD806\uDCDF\uD83A\uDD00-"
                    + "\uD83A\uDD43]+",
            "\\s?[!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+",
            "\\s+$",
            "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+",
            "\\p{N}+")),

    DEEPSEEK_CODER(List.of(
            "[\r\n]",
            "\\s?\\p{L}+",
            "\\s?\\p{P}+",
            "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+",
            "\\p{N}")),

    FALCON(List.of(
            "[\\p{P}\\$\\+<=>\\^~\\|`]+",
            Gpt2Splitter.PATTERN,
            "[0-9][0-9][0-9]")),

    /** StarCoder, Refact and relatives: every digit alone, then GPT-2. */
    STARCODER(List.of(
            "\\p{N}",
            Gpt2Splitter.PATTERN)),

    /**
     * OpenAI's o200k (GPT-4o, gpt-oss), read as tiktoken reads it. llama.cpp approximates the upper/lower-case
     * classes for non-ASCII letters; we follow tiktoken, the tokenizer these models were trained with.
     */
    O200K(List.of());

    static final String O200K_PATTERN =
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
                    + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
                    + "|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
                    + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
                    + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final List<String> llamaCppPatterns;

    PreTokenizerType(List<String> llamaCppPatterns) {
        this.llamaCppPatterns = llamaCppPatterns;
    }

    /** The regexes llama.cpp applies, in order (for O200K, the tiktoken pattern). */
    public List<String> patterns() {
        return this == O200K ? List.of(O200K_PATTERN) : llamaCppPatterns;
    }

    /** Builds the split steps; llama.cpp's hand-written splitters replace the patterns they recognise. */
    List<SplitRule> rules() {
        if (this == O200K) {
            return List.of(RegexSplitter.unicode(O200K_PATTERN));
        }
        return llamaCppPatterns.stream().map(PreTokenizerType::rule).toList();
    }

    private static SplitRule rule(String pattern) {
        return switch (pattern) {
            case Gpt2Splitter.PATTERN -> new Gpt2Splitter();
            case Llama3Splitter.PATTERN, Llama3Splitter.PATTERN_CASE_INSENSITIVE -> new Llama3Splitter();
            case "\\s+$" -> new TrailingWhitespaceSplitter();
            default -> CharClassRunSplitter.forPattern(pattern)
                    .<SplitRule>map(splitter -> splitter)
                    .orElseGet(() -> RegexSplitter.llamaCpp(pattern));
        };
    }
}
