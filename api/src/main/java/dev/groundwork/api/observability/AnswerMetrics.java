package dev.groundwork.api.observability;

import dev.groundwork.generator.answer.AnswerListener;
import dev.groundwork.generator.answer.GroundedAnswer;
import dev.groundwork.generator.backend.AnswerBackend;
import dev.groundwork.generator.context.PackedSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Times answers: each stage ({@value #STAGE}), the time to the first token ({@value
 * #TIME_TO_FIRST_TOKEN}) and the rate of tokens ({@value #TOKENS_PER_SECOND}), tagged with the
 * backend. Whatever answers a request wraps its call of the pipeline in {@link #measure}.
 */
@Component
public final class AnswerMetrics {

    /** Timer of one stage of an answer; tags {@code stage} (retrieve, generate, verify) and {@code backend}. */
    public static final String STAGE = "groundwork.answer.stage";

    /** Timer from the start of an answer to the backend's first token; tag {@code backend}. */
    public static final String TIME_TO_FIRST_TOKEN = "groundwork.answer.time.to.first.token";

    /** Distribution of an answer's token callbacks per second of generation; tag {@code backend}. */
    public static final String TOKENS_PER_SECOND = "groundwork.answer.tokens.per.second";

    private final Timer retrieve;
    private final Timer generate;
    private final Timer verify;
    private final Timer timeToFirstToken;
    private final DistributionSummary tokensPerSecond;

    AnswerMetrics(MeterRegistry registry, AnswerBackend backend) {
        String name = backend.name();
        // A local model on a laptop may take minutes; the histogram's buckets reach that far.
        Duration longest = Duration.ofMinutes(10);
        this.retrieve = stage(registry, "retrieve", name, longest);
        this.generate = stage(registry, "generate", name, longest);
        this.verify = stage(registry, "verify", name, longest);
        this.timeToFirstToken = Timer.builder(TIME_TO_FIRST_TOKEN)
                .description("Time from the start of an answer to the backend's first token")
                .tag("backend", name)
                .publishPercentileHistogram()
                .maximumExpectedValue(longest)
                .register(registry);
        this.tokensPerSecond = DistributionSummary.builder(TOKENS_PER_SECOND)
                .description("Tokens the backend wrote per second of generation, per answer")
                .tag("backend", name)
                .publishPercentileHistogram()
                .minimumExpectedValue(0.1)
                .maximumExpectedValue(10_000.0)
                .register(registry);
    }

    private static Timer stage(MeterRegistry registry, String stage, String backend, Duration longest) {
        return Timer.builder(STAGE)
                .description("Time an answer spent in one stage of the pipeline")
                .tags("stage", stage, "backend", backend)
                .publishPercentileHistogram()
                .maximumExpectedValue(longest)
                .register(registry);
    }

    /**
     * Makes an answer and records its metrics: {@code answering} is called with a listener that
     * passes every callback on to {@code listener} and notes the first token's time; the answer it
     * returns is recorded, stage by stage. An answer that fails is not recorded.
     *
     * <pre>{@code
     * GroundedAnswer answer = metrics.measure(listener, observed -> pipeline.answer(query, observed));
     * }</pre>
     */
    public GroundedAnswer measure(AnswerListener listener, Function<AnswerListener, GroundedAnswer> answering) {
        Observed observed = new Observed(listener, System.nanoTime());
        GroundedAnswer answer = answering.apply(observed);
        record(answer.timings(), observed.tokens.get());
        return answer;
    }

    private void record(GroundedAnswer.Timings timings, long tokens) {
        retrieve.record(timings.retrieveMs(), TimeUnit.MILLISECONDS);
        verify.record(timings.verifyMs(), TimeUnit.MILLISECONDS);
        // An answer refused before the backend was asked has no generate stage.
        if (tokens > 0 || timings.generateMs() > 0) {
            generate.record(timings.generateMs(), TimeUnit.MILLISECONDS);
        }
        if (tokens > 0 && timings.generateMs() > 0) {
            tokensPerSecond.record(tokens * 1000.0 / timings.generateMs());
        }
    }

    /** Passes callbacks on and counts tokens; backends may call {@code token} from a thread of their own. */
    private final class Observed implements AnswerListener {

        private final AnswerListener listener;
        private final long started;
        private final AtomicLong tokens = new AtomicLong();

        Observed(AnswerListener listener, long started) {
            this.listener = listener;
            this.started = started;
        }

        @Override
        public void sources(List<PackedSource> sources) {
            listener.sources(sources);
        }

        @Override
        public void token(String text) {
            if (tokens.getAndIncrement() == 0) {
                timeToFirstToken.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            listener.token(text);
        }

        @Override
        public void revising(int round) {
            listener.revising(round);
        }
    }
}
