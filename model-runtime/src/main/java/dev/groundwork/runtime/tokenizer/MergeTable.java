package dev.groundwork.runtime.tokenizer;

import java.util.Arrays;

/**
 * The merges of a BPE vocabulary keyed by the symbol ids of their two parts, each with its rank and
 * the symbol it makes: an open-addressing hash table, so that merging looks up pairs of ints instead
 * of hashing new strings.
 */
final class MergeTable {

    private static final long EMPTY = -1; // keys pack two non-negative ids, so they are never -1

    private final long[] keys;
    private final int[] ranks;
    private final int[] results;
    private final int mask;

    MergeTable(int merges) {
        int capacity = Integer.highestOneBit(Math.max(16, merges) * 2) * 2; // load factor at most 1/2
        keys = new long[capacity];
        ranks = new int[capacity];
        results = new int[capacity];
        mask = capacity - 1;
        Arrays.fill(keys, EMPTY);
    }

    /** Adds the merge of {@code left} and {@code right} unless the pair has one already (the lower rank wins). */
    void addIfAbsent(int left, int right, int rank, int result) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ranks[slot] = rank;
        results[slot] = result;
    }

    /** The slot of the merge of {@code left} and {@code right}, or -1 if they do not merge. */
    int find(int left, int right) {
        long key = key(left, right);
        for (int slot = slot(key); keys[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    int rank(int slot) {
        return ranks[slot];
    }

    int result(int slot) {
        return results[slot];
    }

    private static long key(int left, int right) {
        return (long) left << 32 | right;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
