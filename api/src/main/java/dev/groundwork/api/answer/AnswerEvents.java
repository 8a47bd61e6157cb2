package dev.groundwork.api.answer;

import dev.groundwork.api.observability.RequestIdFilter;
import dev.groundwork.generator.answer.AnswerListener;
import dev.groundwork.generator.answer.GroundedAnswer;
import dev.groundwork.generator.answer.VerifiedSentence;
import dev.groundwork.generator.context.PackedSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An answer streamed as server-sent events: {@code sources}, {@code token}, {@code revising} as the
 * pipeline goes, {@code citations} and a {@code verdict} per sentence once it is verified, then
 * whatever final events the caller sends ({@code answer}), or {@code error} if answering failed. The answering runs on a virtual thread that keeps the request's logging context;
 * a client that goes away stops it at the next event.
 */
public final class AnswerEvents {

    private static final Logger log = LoggerFactory.getLogger(AnswerEvents.class);
    private static final Duration MAX_STREAM = Duration.ofMinutes(15);

    private final SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());

    private AnswerEvents() {}

    /** What runs on the stream's thread. */
    @FunctionalInterface
    public interface Body {
        void run(AnswerEvents events) throws IOException;
    }

    /** Starts {@code body} on its own thread and returns the emitter for the controller to return. */
    public static SseEmitter stream(String name, Body body) {
        AnswerEvents events = new AnswerEvents();
        Thread.ofVirtual().name(name).start(RequestIdFilter.withLoggingContext(() -> events.run(body)));
        return events.emitter;
    }

    /** The pipeline's progress as {@code sources}, {@code token} and {@code revising} events. */
    public AnswerListener listener() {
        return new AnswerListener() {
            @Override
            public void sources(List<PackedSource> sources) {
                send("sources", sources);
            }

            @Override
            public void token(String text) {
                send("token", Map.of("text", text));
            }

            @Override
            public void revising(int round) {
                send("revising", Map.of("round", round));
            }
        };
    }

    /**
     * The verified answer's findings, before the answer itself: {@code citations} (the cited spans,
     * numbered), then one {@code verdict} per sentence (its support, score and evidence), so a client
     * can mark the streamed text sentence by sentence.
     */
    public void verification(GroundedAnswer answer) {
        send("citations", answer.citations());
        for (int i = 0; i < answer.sentences().size(); i++) {
            send("verdict", new Verdict(i, answer.sentences().get(i)));
        }
    }

    /** One sentence's verdict, with its position among the answer's sentences. */
    record Verdict(int index, VerifiedSentence sentence) {}

    /** Sends one event; a client that has gone away ends the stream's work. */
    public void send(String event, Object data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data));
        } catch (IOException | IllegalStateException e) {
            throw new ClientGone(e);
        }
    }

    private void run(Body body) {
        try {
            body.run(this);
            emitter.complete();
        } catch (ClientGone e) {
            log.debug("Answer stream closed by the client");
        } catch (IOException e) {
            log.debug("Answer stream closed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Answering failed", e);
            try {
                emitter.send(SseEmitter.event().name("error").data(Map.of("detail", String.valueOf(e.getMessage()))));
                emitter.complete();
            } catch (IOException | IllegalStateException closed) {
                emitter.completeWithError(e);
            }
        }
    }

    /** The client closed the stream: stop answering. */
    private static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super(cause);
        }
    }
}
