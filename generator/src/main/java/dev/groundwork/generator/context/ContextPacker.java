package dev.groundwork.generator.context;

import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.StoredChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Turns search hits into the numbered sources of a prompt, under a token budget.
 *
 * <ol>
 *   <li>Each hit's chunk, and its neighbours when the search returned them, is taken once (the
 *       same chunk found twice keeps its better rank).
 *   <li>Chunks of the same document that overlap or touch are merged into one span, so the model
 *       never reads the same sentence twice and a passage cut in two is read whole. (Chunks with a
 *       gap between them stay apart: the gap's text is not at hand, and a source must be an exact
 *       span of its document.)
 *   <li>Sources are ordered by their best rank, best first, and taken while they fit the budget;
 *       one that does not fit is skipped in favour of smaller ones after it. The first source is
 *       always taken.
 * </ol>
 */
public final class ContextPacker {

    private final ToIntFunction<String> tokenCounter;

    public ContextPacker(ToIntFunction<String> tokenCounter) {
        this.tokenCounter = tokenCounter;
    }

    public List<PackedSource> pack(List<SearchHit> hits, int budgetTokens) {
        Map<Long, Ranked> chunks = new LinkedHashMap<>();
        int rank = 0;
        for (SearchHit hit : hits) {
            rank++;
            chunks.merge(hit.chunk().chunkId(), new Ranked(hit.chunk(), rank), Ranked::better);
            for (StoredChunk neighbour : hit.neighbours()) {
                chunks.merge(neighbour.chunkId(), new Ranked(neighbour, rank), Ranked::better);
            }
        }
        Map<Long, List<Ranked>> byDocument = new HashMap<>();
        for (Ranked ranked : chunks.values()) {
            byDocument
                    .computeIfAbsent(ranked.chunk().documentId(), d -> new ArrayList<>())
                    .add(ranked);
        }
        List<Merged> merged = new ArrayList<>();
        for (List<Ranked> document : byDocument.values()) {
            document.sort(Comparator.comparingInt((Ranked r) -> r.chunk().start()));
            Merged current = null;
            for (Ranked ranked : document) {
                if (current != null && ranked.chunk().start() <= current.end) {
                    current.add(ranked);
                } else {
                    current = new Merged(ranked);
                    merged.add(current);
                }
            }
        }
        merged.sort(Comparator.comparingInt((Merged m) -> m.rank).thenComparingInt(m -> m.start));
        List<PackedSource> sources = new ArrayList<>();
        int used = 0;
        for (Merged source : merged) {
            int tokens = tokenCounter.applyAsInt(source.text.toString());
            if (!sources.isEmpty() && used + tokens > budgetTokens) {
                continue;
            }
            used += tokens;
            sources.add(source.packed(sources.size() + 1, tokens));
        }
        return sources;
    }

    private record Ranked(StoredChunk chunk, int rank) {
        static Ranked better(Ranked a, Ranked b) {
            return a.rank() <= b.rank() ? a : b;
        }
    }

    /** Chunks of one document merged into one span. */
    private static final class Merged {
        final StoredChunk first;
        final int start;
        int end;
        int rank;
        final StringBuilder text;
        final List<PackedSource.Chunk> chunks = new ArrayList<>();

        Merged(Ranked ranked) {
            this.first = ranked.chunk();
            this.start = first.start();
            this.end = first.end();
            this.rank = ranked.rank();
            this.text = new StringBuilder(first.text());
            chunks.add(new PackedSource.Chunk(first.chunkId(), first.start(), first.end()));
        }

        void add(Ranked ranked) {
            StoredChunk chunk = ranked.chunk();
            if (chunk.end() > end) {
                text.append(chunk.text(), end - chunk.start(), chunk.text().length());
                end = chunk.end();
            }
            rank = Math.min(rank, ranked.rank());
            chunks.add(new PackedSource.Chunk(chunk.chunkId(), chunk.start(), chunk.end()));
        }

        PackedSource packed(int number, int tokens) {
            return new PackedSource(
                    number,
                    first.documentId(),
                    first.title(),
                    first.source(),
                    first.headingPath(),
                    start,
                    end,
                    text.toString(),
                    rank,
                    chunks,
                    tokens);
        }
    }
}
