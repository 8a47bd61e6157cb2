package dev.groundwork.api.index;

import dev.groundwork.vectorstore.ChunkIndex;
import dev.groundwork.vectorstore.ConsistencyReport;
import dev.groundwork.vectorstore.OutboxIndexer;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/index")
class IndexController {

    private final OutboxIndexer indexer;
    private final ChunkIndex index;

    IndexController(OutboxIndexer indexer, ChunkIndex index) {
        this.indexer = indexer;
        this.index = index;
    }

    record RebuildReport(int chunks, long lastAppliedOutboxId, long tookMs) {}

    /** Rebuilds the index from PostgreSQL; searches see the old index until the new one is complete. */
    @PostMapping("/rebuild")
    RebuildReport rebuild() {
        long started = System.nanoTime();
        int chunks = indexer.rebuild();
        return new RebuildReport(chunks, index.lastAppliedOutboxId(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Compares the index with the catalog at one outbox position; repairs differences unless told not to. */
    @PostMapping("/check")
    ConsistencyReport check(@RequestParam(defaultValue = "true") boolean repair) {
        return indexer.check(repair);
    }
}
