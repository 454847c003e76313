package dev.weightgate.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /v1/chat/completions}: HTTP in, HTTP out; the work is {@link ChatPipeline}'s.
 *
 * <p>Requests run on virtual threads, so a stream is relayed right here, blocking, chunk by chunk: no async
 * dispatch, and a client that hangs up is noticed at the next write.
 */
@RestController
class ChatCompletionsController {

    /** What the caller uses the model for (e.g. {@code customer-support}), as the license policy sees it. */
    static final String PURPOSE_HEADER = "x-weightgate-purpose";

    private final ChatPipeline pipeline;
    private final JsonBodyReader bodyReader;
    private final ObjectMapper json;

    ChatCompletionsController(ChatPipeline pipeline, JsonBodyReader bodyReader, ObjectMapper json) {
        this.pipeline = pipeline;
        this.bodyReader = bodyReader;
        this.json = json;
    }

    @PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    void create(HttpServletRequest http, HttpServletResponse response) throws IOException {
        // The pipeline writes this request's audit record, with its tokens and content.
        http.setAttribute(HttpAudit.RECORDED, Boolean.TRUE);
        ChatPipeline.Answer answer = pipeline.handle(RequestIds.of(http), http.getRemoteAddr(),
                http.getHeader(PURPOSE_HEADER), () -> bodyReader.readObject(http));
        switch (answer) {
            case ChatPipeline.Completed completed -> {
                answer.headers().forEach(response::setHeader);
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                json.writeValue(response.getOutputStream(), completed.result().body());
            }
            case ChatPipeline.Streaming streaming -> streaming.stream().relayTo(() -> {
                // Opened inside relayTo, so that a failure here still closes the stream, settles and records.
                answer.headers().forEach(response::setHeader);
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType("text/event-stream;charset=UTF-8");
                response.setHeader("Cache-Control", "no-cache");
                response.setHeader("X-Accel-Buffering", "no");
                return response.getOutputStream();
            });
        }
    }
}
