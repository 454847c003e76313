package dev.weightgate.engine.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads a gpt-oss completion as it is generated and splits it by harmony channel: {@code analysis} into reasoning,
 * {@code final} (and a {@code commentary} preamble without recipient) into content, and messages addressed to
 * {@code functions.NAME} into tool calls. One parser per completion, used by one thread at a time.
 *
 * <p>Feed it token by token with {@link #accept(int, String)} (the token id and its decoded text), or, when only
 * text is at hand, with {@link #feed(String)}, which finds the markers in the text even when a chunk ends in the
 * middle of one. Either way pass the stop token too ({@code <|return|>}, {@code <|call|>}, {@code <|endoftext|>}):
 * it completes the last message. Each call answers the deltas it completed, in order; {@link #finish()} ends the
 * stream and summarises it.
 *
 * <p>Reasoning and content are passed on as they arrive. A tool call is held until {@code <|call|>} and emitted
 * whole, after its arguments parsed as JSON. Anything that breaks the format throws {@link HarmonyFormatException}
 * and leaves the parser failed; what was already emitted belonged to complete, valid parts of messages.
 */
public final class HarmonyParser {

    /** How the completion ended. */
    public enum Stop {
        /** {@code <|return|>}: the final answer is complete. */
        RETURN,
        /** {@code <|call|>}: the model waits for tool results. */
        CALL,
        /** {@code <|endoftext|>}. */
        END_OF_TEXT,
        /** No stop token: the stream was cut off (length limit, cancellation); a call in progress was dropped. */
        NONE
    }

    /** The whole completion. */
    public record Outcome(String reasoning, String content, List<ToolCall> toolCalls, Stop stop) {
        public Outcome {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    private enum State { EXPECT_START, HEADER, CONTENT, DONE, FAILED }

    private enum Kind { REASONING, CONTENT, TOOL_CALL }

    private static final Set<String> CHANNELS = Set.of("analysis", "commentary", "final");
    private static final String FUNCTIONS = "functions.";

    private final Map<Integer, HarmonyToken> markerOfId = new HashMap<>();
    private final Set<String> declaredFunctions;
    private final Supplier<String> callIds;

    private State state;
    /** Whether the current header's role was written by the prompt's {@code <|start|>assistant}. */
    private boolean roleGiven;
    private final List<Object> header = new ArrayList<>();
    private Kind kind;
    private String function;
    private final StringBuilder arguments = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();
    /** {@link #feed(String)}'s tail that may be the start of a marker. */
    private final StringBuilder heldText = new StringBuilder();
    private Stop stop = Stop.NONE;
    private List<HarmonyDelta> out;

    /**
     * @param markerIds             the markers' ids in the model's vocabulary ({@link HarmonyToken#idsIn})
     * @param declaredFunctions     the names of the request's function tools; a call to another name is an error.
     *                              Null accepts any name
     * @param callIds               makes the {@code id} of each tool call; null for {@code call_} and 24 random
     *                              letters and digits
     * @param afterGenerationPrompt true when the prompt ended with {@code <|start|>assistant}, so the completion
     *                              starts inside a header; false to read whole messages, each from {@code <|start|>}
     */
    public HarmonyParser(Map<HarmonyToken, Integer> markerIds, Collection<String> declaredFunctions,
            Supplier<String> callIds, boolean afterGenerationPrompt) {
        markerIds.forEach((token, id) -> markerOfId.put(id, token));
        this.declaredFunctions = declaredFunctions == null ? null : Set.copyOf(declaredFunctions);
        this.callIds = callIds == null ? ToolCall::newId : callIds;
        if (afterGenerationPrompt) {
            startHeader(true);
        } else {
            state = State.EXPECT_START;
        }
    }

    /** A parser for a completion of a prompt ending with the generation prompt, with o200k_harmony's ids. */
    public static HarmonyParser forCompletion(Collection<String> declaredFunctions) {
        Map<HarmonyToken, Integer> ids = new EnumMap<>(HarmonyToken.class);
        for (HarmonyToken token : HarmonyToken.values()) {
            ids.put(token, token.o200kHarmonyId());
        }
        return new HarmonyParser(ids, declaredFunctions, null, true);
    }

    /** One generated token: a marker if its id is one, otherwise its decoded text. */
    public List<HarmonyDelta> accept(int tokenId, String text) {
        HarmonyToken marker = markerOfId.get(tokenId);
        return marker != null ? marker(marker) : text(text);
    }

    /** A marker token. */
    public List<HarmonyDelta> marker(HarmonyToken token) {
        return run(() -> onMarker(token));
    }

    /** Ordinary text (decoded non-special tokens); marker texts inside it are not markers. */
    public List<HarmonyDelta> text(String text) {
        return run(() -> onText(text));
    }

    /**
     * Text in which the markers appear as text ({@code <|channel|>final<|message|>...}), in chunks of any size: a
     * chunk may end inside a marker, which is then completed by the next chunk.
     */
    public List<HarmonyDelta> feed(String chunk) {
        return run(() -> {
            heldText.append(chunk);
            scanHeldText();
        });
    }

    /**
     * Ends the stream.
     *
     * @throws HarmonyFormatException if text was held back by {@link #feed(String)} and turns out to break the
     *                                format
     */
    public Outcome finish() {
        if (!heldText.isEmpty()) {
            String rest = heldText.toString();
            heldText.setLength(0);
            run(() -> onText(rest));
        }
        return outcome();
    }

    /** What was parsed so far. */
    public Outcome outcome() {
        return new Outcome(reasoning.toString(), content.toString(), calls, stop);
    }

    private List<HarmonyDelta> run(Runnable step) {
        if (state == State.FAILED) {
            throw new IllegalStateException("the parser already failed on malformed output");
        }
        out = new ArrayList<>(1);
        try {
            step.run();
        } catch (HarmonyFormatException e) {
            state = State.FAILED;
            throw e;
        }
        return out;
    }

    private void scanHeldText() {
        while (true) {
            int open = heldText.indexOf("<|");
            if (open < 0) {
                // A lone '<' at the end may become "<|".
                int keep = heldText.length() > 0 && heldText.charAt(heldText.length() - 1) == '<' ? 1 : 0;
                releaseHeld(heldText.length() - keep);
                return;
            }
            releaseHeld(open);
            HarmonyToken marker = markerAtStart();
            if (marker != null) {
                heldText.delete(0, marker.text().length());
                onMarker(marker);
            } else if (couldBecomeMarker()) {
                return;
            } else {
                releaseHeld(1);
            }
        }
    }

    private void releaseHeld(int length) {
        if (length > 0) {
            String text = heldText.substring(0, length);
            heldText.delete(0, length);
            onText(text);
        }
    }

    private HarmonyToken markerAtStart() {
        for (HarmonyToken token : HarmonyToken.values()) {
            if (heldText.length() >= token.text().length()
                    && heldText.substring(0, token.text().length()).equals(token.text())) {
                return token;
            }
        }
        return null;
    }

    private boolean couldBecomeMarker() {
        String held = heldText.toString();
        for (HarmonyToken token : HarmonyToken.values()) {
            if (held.length() < token.text().length() && token.text().startsWith(held)) {
                return true;
            }
        }
        return false;
    }

    private void onText(String text) {
        if (text.isEmpty()) {
            return;
        }
        switch (state) {
            case EXPECT_START -> throw new HarmonyFormatException("text outside any message (a message starts with "
                    + "<|start|>): " + excerpt(text));
            case HEADER -> header.add(text);
            case CONTENT -> {
                switch (kind) {
                    case TOOL_CALL -> arguments.append(text);
                    case REASONING -> {
                        reasoning.append(text);
                        out.add(new HarmonyDelta.Reasoning(text));
                    }
                    case CONTENT -> {
                        content.append(text);
                        out.add(new HarmonyDelta.Content(text));
                    }
                }
            }
            case DONE -> throw new HarmonyFormatException("output after the end of the turn (" + stop + "): "
                    + excerpt(text));
            case FAILED -> throw new IllegalStateException();
        }
    }

    private void onMarker(HarmonyToken token) {
        switch (token) {
            case START -> {
                requireState(State.EXPECT_START, token);
                startHeader(false);
            }
            case CHANNEL, CONSTRAIN -> {
                requireState(State.HEADER, token);
                header.add(token);
            }
            case MESSAGE -> {
                requireState(State.HEADER, token);
                openMessage();
            }
            case END -> {
                requireState(State.CONTENT, token);
                closeMessage(token);
                state = State.EXPECT_START;
            }
            case RETURN, CALL -> {
                requireState(State.CONTENT, token);
                if ((token == HarmonyToken.CALL) != (kind == Kind.TOOL_CALL)) {
                    throw new HarmonyFormatException(token == HarmonyToken.CALL
                            ? "<|call|> ends a message that is addressed to no function"
                            : "<|return|> ends a call to functions." + function + " instead of <|call|>");
                }
                closeMessage(token);
                end(token == HarmonyToken.CALL ? Stop.CALL : Stop.RETURN);
            }
            case END_OF_TEXT -> {
                if (state == State.CONTENT && kind != Kind.TOOL_CALL) {
                    closeMessage(token);
                } else if (!(state == State.EXPECT_START || state == State.HEADER && roleGiven && header.isEmpty())) {
                    throw new HarmonyFormatException("<|endoftext|> " + where());
                }
                end(Stop.END_OF_TEXT);
            }
            case START_OF_TEXT -> throw new HarmonyFormatException("<|startoftext|> " + where());
        }
    }

    private void requireState(State expected, HarmonyToken token) {
        if (state != expected) {
            String hint = switch (expected) {
                case EXPECT_START -> "the previous message was not ended";
                case HEADER -> "it belongs in a message header";
                case CONTENT -> state == State.HEADER ? "the header has no <|message|>" : "no message is open";
                default -> "";
            };
            throw new HarmonyFormatException(token.text() + " " + where() + ": " + hint);
        }
    }

    private String where() {
        return switch (state) {
            case EXPECT_START -> "between messages";
            case HEADER -> "in a message header";
            case CONTENT -> "in a message's content";
            case DONE -> "after the end of the turn";
            case FAILED -> "after a failure";
        };
    }

    private void startHeader(boolean roleGivenByPrompt) {
        state = State.HEADER;
        roleGiven = roleGivenByPrompt;
        header.clear();
    }

    private void end(Stop how) {
        stop = how;
        state = State.DONE;
    }

    private void openMessage() {
        Header parsed = Header.parse(header, roleGiven);
        if (!parsed.role().equals("assistant")) {
            throw new HarmonyFormatException("the model wrote a message as '" + parsed.role()
                    + "'; a completion can only hold assistant messages");
        }
        if (parsed.channel() == null) {
            throw new HarmonyFormatException("a message without a channel (every message needs <|channel|>"
                    + "analysis, commentary or final)");
        }
        if (!CHANNELS.contains(parsed.channel())) {
            throw new HarmonyFormatException("unknown channel '" + parsed.channel()
                    + "' (valid: analysis, commentary, final)");
        }
        if (parsed.recipient() == null) {
            kind = parsed.channel().equals("analysis") ? Kind.REASONING : Kind.CONTENT;
            function = null;
        } else {
            if (parsed.channel().equals("final")) {
                throw new HarmonyFormatException("a final-channel message addressed to " + parsed.recipient());
            }
            if (!parsed.recipient().startsWith(FUNCTIONS) || parsed.recipient().length() == FUNCTIONS.length()) {
                throw new HarmonyFormatException("a message addressed to '" + parsed.recipient()
                        + "', which is not a function (functions.NAME); built-in tools are not offered");
            }
            function = parsed.recipient().substring(FUNCTIONS.length());
            if (declaredFunctions != null && !declaredFunctions.contains(function)) {
                throw new HarmonyFormatException("the model called functions." + function
                        + ", which the request does not declare");
            }
            kind = Kind.TOOL_CALL;
            arguments.setLength(0);
        }
        if (parsed.contentType() != null && !parsed.contentType().equals("json")) {
            throw new HarmonyFormatException("unsupported content type '" + parsed.contentType() + "'");
        }
        state = State.CONTENT;
    }

    private void closeMessage(HarmonyToken terminator) {
        if (kind != Kind.TOOL_CALL) {
            return;
        }
        String text = arguments.toString();
        try {
            Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HarmonyFormatException("the arguments of the call to functions." + function
                    + " are not valid JSON (" + e.getMessage() + "): " + excerpt(text));
        }
        ToolCall call = new ToolCall(callIds.get(), function, text);
        calls.add(call);
        out.add(new HarmonyDelta.ToolCallDelta(calls.size() - 1, call));
    }

    private static String excerpt(String text) {
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return "'" + shown.replace("\n", "\\n") + "'";
    }

    /**
     * A message header: {@code role[ to=R][<|channel|>channel[ to=R][ type]][ <|constrain|>type]}. The recipient
     * may stand after the role or after the channel (harmony allows both; the model writes the second).
     */
    private record Header(String role, String channel, String recipient, String contentType) {

        static Header parse(List<Object> parts, boolean roleGiven) {
            StringBuilder rolePart = new StringBuilder();
            StringBuilder channelPart = null;
            StringBuilder constrainPart = null;
            StringBuilder current = rolePart;
            for (Object part : parts) {
                if (part == HarmonyToken.CHANNEL) {
                    if (channelPart != null) {
                        throw new HarmonyFormatException("a header with two <|channel|> markers");
                    }
                    channelPart = current = new StringBuilder();
                } else if (part == HarmonyToken.CONSTRAIN) {
                    if (constrainPart != null) {
                        throw new HarmonyFormatException("a header with two <|constrain|> markers");
                    }
                    constrainPart = current = new StringBuilder();
                } else {
                    current.append((String) part);
                }
            }
            Fields fields = new Fields();
            List<String> roleWords = words(rolePart);
            String role = "assistant";
            if (!roleGiven) {
                if (roleWords.isEmpty() || rolePart.toString().startsWith(" ")) {
                    throw new HarmonyFormatException("a message header without a role");
                }
                role = roleWords.removeFirst();
            }
            fields.read(roleWords);
            String channel = null;
            if (channelPart != null) {
                List<String> channelWords = words(channelPart);
                if (channelWords.isEmpty() || Character.isWhitespace(channelPart.charAt(0))) {
                    throw new HarmonyFormatException("<|channel|> without a channel name");
                }
                channel = channelWords.removeFirst();
                fields.read(channelWords);
            }
            if (constrainPart != null) {
                List<String> typeWords = words(constrainPart);
                if (typeWords.size() != 1) {
                    throw new HarmonyFormatException("<|constrain|> must be followed by one content type, not '"
                            + constrainPart.toString().strip() + "'");
                }
                fields.type(typeWords.getFirst());
            }
            return new Header(role, channel, fields.recipient, fields.contentType);
        }

        private static List<String> words(CharSequence text) {
            List<String> words = new ArrayList<>();
            for (String word : text.toString().strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
            return words;
        }
    }

    /** The recipient and content type, which may each appear once anywhere in a header. */
    private static final class Fields {
        String recipient;
        String contentType;

        void read(List<String> words) {
            for (String word : words) {
                if (word.startsWith("to=")) {
                    if (recipient != null) {
                        throw new HarmonyFormatException("a header with two recipients: " + recipient + " and "
                                + word.substring(3));
                    }
                    recipient = word.substring(3);
                } else {
                    type(word);
                }
            }
        }

        void type(String type) {
            if (contentType != null && !contentType.equals(type)) {
                throw new HarmonyFormatException("a header with two content types: " + contentType + " and " + type);
            }
            contentType = type;
        }
    }
}
