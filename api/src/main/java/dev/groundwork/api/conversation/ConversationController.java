package dev.groundwork.api.conversation;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.answer.AnswerEvents;
import dev.groundwork.api.answer.AnswerResponse;
import dev.groundwork.api.observability.AnswerMetrics;
import dev.groundwork.api.search.FilterRequest;
import dev.groundwork.api.security.Access;
import dev.groundwork.api.security.Caller;
import dev.groundwork.generator.answer.AnswerListener;
import dev.groundwork.generator.answer.AnswerPipeline;
import dev.groundwork.generator.answer.AnswerQuery;
import dev.groundwork.generator.answer.GroundedAnswer;
import dev.groundwork.generator.answer.Policy;
import dev.groundwork.generator.conversation.FollowUpRewriter;
import dev.groundwork.generator.conversation.Turn;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.vectorstore.SearchFilter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/conversations}: create, list, read and delete conversations; {@code POST
 * /api/conversations/{id}/messages} asks the next question, which is rewritten into a standalone
 * question from the turns before it, answered, verified and stored.
 */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    /** The title of a conversation created without one, until its first question names it. */
    static final String UNTITLED = "New conversation";

    private final Conversations conversations;
    private final FollowUpRewriter rewriter;
    private final AnswerPipeline pipeline;
    private final GroundworkProperties properties;
    private final JsonMapper json;
    private final Catalog catalog;
    private final AnswerMetrics metrics;
    private final Access access;

    ConversationController(
            Access access,
            Catalog catalog,
            AnswerMetrics metrics,
            Conversations conversations,
            FollowUpRewriter rewriter,
            AnswerPipeline pipeline,
            GroundworkProperties properties,
            JsonMapper json) {
        this.conversations = conversations;
        this.rewriter = rewriter;
        this.pipeline = pipeline;
        this.properties = properties;
        this.json = json;
        this.catalog = catalog;
        this.metrics = metrics;
        this.access = access;
    }

    /** @param title shown in lists; the first question when absent */
    record CreateRequest(
            @Size(max = 200) String title, @Size(max = 200) String collection) {}

    record MessageRequest(
            @NotBlank @Size(max = 2000) String question,
            @Min(1) @Max(50) Integer k,

            @Pattern(regexp = "(?i)annotate|drop|rewrite|refuse", message = "must be annotate, drop, rewrite or refuse")
            String policy,

            @Valid FilterRequest filter) {}

    /**
     * A turn as the API returns it.
     *
     * @param standaloneQuestion what was retrieved and answered
     * @param rewrittenBy {@code unchanged}, {@code model} or {@code terms}
     * @param answer the verified answer, as {@code /api/answer} returns it
     */
    record TurnResponse(
            int turn,
            String question,
            String standaloneQuestion,
            String rewrittenBy,
            JsonNode answer,
            Instant createdAt) {}

    record ConversationResponse(Conversations.Conversation conversation, List<TurnResponse> turns) {}

    @PostMapping
    ResponseEntity<Conversations.Conversation> create(@Valid @RequestBody(required = false) CreateRequest request) {
        String collection = request == null ? null : blankToNull(request.collection());
        if (collection != null) {
            access.requireRead(collection, "a conversation about it");
            if (!catalog.hasCollection(collection)) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No collection named '" + collection + "'");
            }
        }
        String title =
                request == null || request.title() == null || request.title().isBlank()
                        ? UNTITLED
                        : request.title().strip();
        Conversations.Conversation conversation = conversations.create(owner(), title, collection);
        return ResponseEntity.created(URI.create("/api/conversations/" + conversation.id()))
                .body(conversation);
    }

    @GetMapping
    List<Conversations.Conversation> list(
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return conversations.list(owner(), offset, limit);
    }

    @GetMapping("/{id}")
    ConversationResponse get(@PathVariable long id) {
        Conversations.Conversation conversation = found(id);
        List<TurnResponse> turns = conversations.turns(id).stream()
                .map(turn -> new TurnResponse(
                        turn.ordinal(),
                        turn.question(),
                        turn.standaloneQuestion(),
                        turn.rewrittenBy(),
                        json.readTree(turn.answer()),
                        turn.createdAt()))
                .toList();
        return new ConversationResponse(conversation, turns);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        if (!conversations.delete(owner(), id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    /** Asks the conversation's next question and stores the turn. */
    @PostMapping("/{id}/messages")
    TurnResponse ask(@PathVariable long id, @Valid @RequestBody MessageRequest request) {
        Conversations.Conversation conversation = found(id);
        return answer(conversation, request, filter(conversation, request), null);
    }

    /**
     * The same as a server-sent event stream: {@code question} (the standalone form), then as
     * {@code /api/answer/stream} ({@code sources}, {@code token}, {@code revising}), then {@code
     * answer} with the stored turn, or {@code error}.
     */
    @PostMapping(path = "/{id}/messages/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter askStreaming(@PathVariable long id, @Valid @RequestBody MessageRequest request) {
        Conversations.Conversation conversation = found(id);
        // The caller's grants are read here, on the request's thread; the answer is written on another.
        SearchFilter filter = filter(conversation, request);
        return AnswerEvents.stream("conversation-stream", events -> {
            events.send("answer", answer(conversation, request, filter, events));
        });
    }

    /** Answers the question and stores the turn; {@code events}, if not null, hears the progress. */
    private TurnResponse answer(
            Conversations.Conversation conversation, MessageRequest request, SearchFilter filter, AnswerEvents events) {
        long id = conversation.id();
        List<Turn> history = conversations.turns(id).stream()
                .map(turn -> new Turn(turn.standaloneQuestion(), answerText(turn.answer())))
                .toList();
        String question = request.question().strip();
        FollowUpRewriter.Rewrite rewrite = rewriter.rewrite(history, question);
        if (events != null) {
            events.send(
                    "question",
                    Map.of(
                            "question",
                            question,
                            "standaloneQuestion",
                            rewrite.question(),
                            "rewrittenBy",
                            rewrite.how()));
        }
        AnswerListener listener = events == null ? AnswerListener.NONE : events.listener();
        GroundedAnswer answer = metrics.measure(
                listener, measured -> pipeline.answer(query(request, filter, rewrite.question()), measured));
        if (events != null) {
            events.verification(answer);
        }
        String stored = json.writeValueAsString(AnswerResponse.of(answer));
        int turn = conversations
                .append(id, question, rewrite.question(), rewrite.how(), stored)
                .orElseThrow(() -> notFound(id));
        if (history.isEmpty() && conversation.title().equals(UNTITLED)) {
            conversations.retitle(id, title(question));
        }
        return new TurnResponse(
                turn, question, rewrite.question(), rewrite.how(), json.readTree(stored), Instant.now());
    }

    private AnswerQuery query(MessageRequest request, SearchFilter filter, String question) {
        return new AnswerQuery(
                question,
                filter,
                request.k() == null ? properties.search().defaultK() : request.k(),
                0,
                Policy.parse(request.policy() == null ? properties.answer().policy() : request.policy()));
    }

    /** What the question may be answered from: the conversation's collection, within the caller's grants. */
    private SearchFilter filter(Conversations.Conversation conversation, MessageRequest request) {
        return access.restrict(FilterRequest.toFilter(request.filter(), conversation.collection()), "answering");
    }

    /** Conversations belong to the key or user that created them. */
    private String owner() {
        Caller caller = access.caller();
        return caller.kind().label() + ":" + caller.id();
    }

    private String answerText(String answerJson) {
        return json.readTree(answerJson).path("answer").asString("");
    }

    private Conversations.Conversation found(long id) {
        return conversations.find(owner(), id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No conversation with id " + id);
    }

    /** A title from the first question: its first 80 characters, cut at a word. */
    static String title(String question) {
        String text = question.strip().replaceAll("\\s+", " ");
        if (text.length() <= 80) {
            return text;
        }
        int cut = text.lastIndexOf(' ', 80);
        return text.substring(0, cut > 40 ? cut : 80) + "…";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
