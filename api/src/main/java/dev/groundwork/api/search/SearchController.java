package dev.groundwork.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.security.Access;
import dev.groundwork.generator.retrieval.HybridRetriever;
import dev.groundwork.vectorstore.Fusion;
import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.SearchMode;
import dev.groundwork.vectorstore.StoredChunk;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/search")
class SearchController {

    private final HybridRetriever retriever;
    private final GroundworkProperties properties;
    private final Access access;

    SearchController(HybridRetriever retriever, GroundworkProperties properties, Access access) {
        this.retriever = retriever;
        this.properties = properties;
        this.access = access;
    }

    /**
     * @param collection shorthand for a filter on one collection
     * @param mode {@code hybrid} (default), {@code keyword} or {@code vector}
     * @param neighbours adjacent chunks to return on each side of every hit (0 to 5)
     * @param explain adds each hit's BM25 rank, vector rank and fused score
     */
    record SearchRequest(
            @NotBlank @Size(max = 2000) String query,
            @Size(max = 200) String collection,
            @Min(1) @Max(100) Integer k,
            String mode,
            @Valid FilterRequest filter,
            @Valid FusionRequest fusion,
            @Min(0) @Max(5) Integer neighbours,
            Boolean explain) {}

    /** Weighted reciprocal rank fusion: {@code weight / (k + rank)} per result list. */
    record FusionRequest(
            @Min(0) @Max(100) Double keywordWeight,
            @Min(0) @Max(100) Double vectorWeight,
            @Min(1) @Max(10000) Integer k) {

        Fusion toFusion() {
            return new Fusion(
                    keywordWeight == null ? Fusion.DEFAULT.keywordWeight() : keywordWeight,
                    vectorWeight == null ? Fusion.DEFAULT.vectorWeight() : vectorWeight,
                    k == null ? Fusion.DEFAULT.k() : k);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Hit(
            int rank,
            long chunkId,
            long documentId,
            int ordinal,
            String collection,
            String title,
            String headingPath,
            String source,
            Set<String> tags,
            Instant modified,
            int start,
            int end,
            String text,
            double score,
            Explanation explain,
            List<Neighbour> neighbours) {}

    /** Why a hit ranks where it does: its rank in each retriever (0 = not returned) and its fused score. */
    record Explanation(int keywordRank, int vectorRank, double fusedScore) {}

    record Neighbour(long chunkId, int ordinal, int start, int end, String text) {}

    record SearchResponse(String query, String mode, List<Hit> hits, long tookMs) {}

    @PostMapping
    SearchResponse search(@Valid @RequestBody SearchRequest request) {
        long started = System.nanoTime();
        SearchMode mode = mode(request.mode());
        int k = request.k() == null ? properties.search().defaultK() : request.k();
        Fusion fusion =
                request.fusion() == null ? Fusion.DEFAULT : request.fusion().toFusion();
        int neighbours = request.neighbours() == null ? 0 : request.neighbours();
        List<SearchHit> found = retriever
                .retrieve(
                        request.query(),
                        mode,
                        k,
                        access.restrict(FilterRequest.toFilter(request.filter(), request.collection()), "searching"),
                        fusion,
                        neighbours)
                .hits();
        boolean explain = Boolean.TRUE.equals(request.explain());
        List<Hit> hits = new ArrayList<>(found.size());
        for (SearchHit hit : found) {
            StoredChunk chunk = hit.chunk();
            hits.add(new Hit(
                    hits.size() + 1,
                    chunk.chunkId(),
                    chunk.documentId(),
                    chunk.ordinal(),
                    chunk.collection(),
                    chunk.title(),
                    chunk.headingPath(),
                    chunk.source(),
                    chunk.tags(),
                    chunk.modified(),
                    chunk.start(),
                    chunk.end(),
                    chunk.text(),
                    hit.score(),
                    explain ? new Explanation(hit.keywordRank(), hit.vectorRank(), hit.score()) : null,
                    neighbours == 0
                            ? null
                            : hit.neighbours().stream()
                                    .map(n -> new Neighbour(n.chunkId(), n.ordinal(), n.start(), n.end(), n.text()))
                                    .toList()));
        }
        return new SearchResponse(
                request.query(), mode.name().toLowerCase(Locale.ROOT), hits, (System.nanoTime() - started) / 1_000_000);
    }

    private static SearchMode mode(String mode) {
        if (mode == null || mode.isBlank()) {
            return SearchMode.HYBRID;
        }
        try {
            return SearchMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unknown search mode '" + mode + "'; expected hybrid, keyword or vector");
        }
    }
}
