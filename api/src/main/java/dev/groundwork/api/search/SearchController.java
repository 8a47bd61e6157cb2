package dev.groundwork.api.search;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.generator.retrieval.HybridRetriever;
import dev.groundwork.vectorstore.SearchHit;
import dev.groundwork.vectorstore.SearchMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/search")
class SearchController {

    private final HybridRetriever retriever;
    private final GroundworkProperties properties;

    SearchController(HybridRetriever retriever, GroundworkProperties properties) {
        this.retriever = retriever;
        this.properties = properties;
    }

    /**
     * @param collection searches only this collection; all when absent
     * @param mode {@code hybrid} (default), {@code keyword} or {@code vector}
     */
    record SearchRequest(
            @NotBlank @Size(max = 2000) String query,
            @Size(max = 200) String collection,
            @Min(1) @Max(100) Integer k,
            String mode) {}

    record Hit(
            int rank,
            long chunkId,
            long documentId,
            String collection,
            String title,
            String source,
            int start,
            int end,
            String text,
            double score,
            int keywordRank,
            int vectorRank) {}

    record SearchResponse(String query, String mode, List<Hit> hits, long tookMs) {}

    @PostMapping
    SearchResponse search(@Valid @RequestBody SearchRequest request) {
        long started = System.nanoTime();
        SearchMode mode = mode(request.mode());
        int k = request.k() == null ? properties.search().defaultK() : request.k();
        List<SearchHit> found = retriever
                .retrieve(request.query(), blankToNull(request.collection()), k, mode)
                .hits();
        List<Hit> hits = new ArrayList<>(found.size());
        for (SearchHit hit : found) {
            hits.add(new Hit(
                    hits.size() + 1,
                    hit.chunkId(),
                    hit.documentId(),
                    hit.collection(),
                    hit.title(),
                    hit.source(),
                    hit.start(),
                    hit.end(),
                    hit.text(),
                    hit.score(),
                    hit.keywordRank(),
                    hit.vectorRank()));
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

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
