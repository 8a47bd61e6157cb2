package dev.groundwork.vectorstore;

/**
 * How the vector part of the index is built and searched.
 *
 * @param maxConn HNSW: neighbours per node (M)
 * @param beamWidth HNSW: candidates considered while inserting (efConstruction)
 * @param oversample kNN fetches this many times the needed candidates from the quantized graph
 *     and rescores them with full-precision vectors; 1 means no rescoring
 */
public record IndexOptions(int maxConn, int beamWidth, double oversample) {

    /** Chosen from measurements; see {@code bench/results/search.json} and the README. */
    public static final IndexOptions DEFAULT = new IndexOptions(16, 100, 2.0);

    public IndexOptions {
        if (maxConn < 2 || maxConn > 512) {
            throw new IllegalArgumentException("maxConn must be between 2 and 512, was " + maxConn);
        }
        if (beamWidth < 1 || beamWidth > 3200) {
            throw new IllegalArgumentException("beamWidth must be between 1 and 3200, was " + beamWidth);
        }
        if (oversample < 1 || oversample > 20) {
            throw new IllegalArgumentException("oversample must be between 1 and 20, was " + oversample);
        }
    }
}
