package dev.weightgate.engine.vocab;

/**
 * Token attributes as bit flags, numbered as llama.cpp's {@code llama_token_attr}.
 *
 * <p>They are flags rather than an enum because llama.cpp combines them after loading: a user-defined token whose
 * text looks like an end-of-turn marker gains {@link #CONTROL} on top of {@link #USER_DEFINED}, and that
 * combination decides whether the token is recognised in plain text.
 */
public final class TokenAttributes {

    public static final int UNDEFINED = 0;
    public static final int UNKNOWN = 1;
    public static final int UNUSED = 1 << 1;
    public static final int NORMAL = 1 << 2;
    public static final int CONTROL = 1 << 3;
    public static final int USER_DEFINED = 1 << 4;
    public static final int BYTE = 1 << 5;
    public static final int NORMALIZED = 1 << 6;
    /** Whitespace to the left of the token's text is swallowed by the special-token partition. */
    public static final int LSTRIP = 1 << 7;
    /** Whitespace to the right of the token's text is swallowed by the special-token partition. */
    public static final int RSTRIP = 1 << 8;
    public static final int SINGLE_WORD = 1 << 9;

    /** GGUF {@code tokenizer.ggml.token_type} values. */
    public static final int TYPE_UNDEFINED = 0;
    public static final int TYPE_NORMAL = 1;
    public static final int TYPE_UNKNOWN = 2;
    public static final int TYPE_CONTROL = 3;
    public static final int TYPE_USER_DEFINED = 4;
    public static final int TYPE_UNUSED = 5;
    public static final int TYPE_BYTE = 6;

    private TokenAttributes() {
    }

    /** The attribute a GGUF token type stands for; unknown type numbers become {@link #UNDEFINED}. */
    public static int fromTokenType(int tokenType) {
        return switch (tokenType) {
            case TYPE_NORMAL -> NORMAL;
            case TYPE_UNKNOWN -> UNKNOWN;
            case TYPE_CONTROL -> CONTROL;
            case TYPE_USER_DEFINED -> USER_DEFINED;
            case TYPE_UNUSED -> UNUSED;
            case TYPE_BYTE -> BYTE;
            default -> UNDEFINED;
        };
    }

    public static boolean has(int attributes, int flag) {
        return (attributes & flag) != 0;
    }
}
