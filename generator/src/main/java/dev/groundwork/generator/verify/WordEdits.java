package dev.groundwork.generator.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a claim differs from its evidence word by word: the words are aligned (longest common
 * subsequence) and each run of differences between aligned words is a hunk, the claim's words
 * against the evidence's words that stand in their place. Evidence words before the first and
 * after the last aligned word are context the claim does not repeat, not a difference; claim words
 * there are.
 *
 * <p>A claim made by editing a source sentence shows its edit as a hunk ("most common" against
 * "most rare"), however much else the sentence or its neighbour holds: negations and opposites are
 * checked within hunks, where a word that differs took the place of another.
 */
final class WordEdits {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+(?:'[\\p{L}]+)?");
    /** Longer texts are compared as one hunk: the alignment costs claim words times evidence words. */
    private static final int MAX_WORDS = 400;

    /** A run of differences: {@code claim} words where the evidence has {@code evidence} words. */
    record Hunk(List<String> claim, List<String> evidence) {}

    private WordEdits() {}

    static List<Hunk> hunks(String claim, String evidence) {
        List<String> a = words(claim);
        List<String> b = words(evidence);
        if (java.util.Collections.indexOfSubList(b, a) >= 0) {
            return List.of(); // the evidence says it word for word
        }
        if (a.size() > MAX_WORDS || b.size() > MAX_WORDS) {
            return List.of(new Hunk(a, b));
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Hunk> hunks = new ArrayList<>();
        List<String> claimRun = new ArrayList<>();
        List<String> evidenceRun = new ArrayList<>();
        boolean aligned = false; // an aligned pair has been seen: evidence words are no longer leading context
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                if (!claimRun.isEmpty() || (aligned && !evidenceRun.isEmpty())) {
                    // Before the first aligned word, only the evidence words next to it stand in the claim's place.
                    List<String> replaced = aligned
                            ? evidenceRun
                            : evidenceRun.subList(
                                    Math.max(0, evidenceRun.size() - claimRun.size() - 1), evidenceRun.size());
                    hunks.add(new Hunk(List.copyOf(claimRun), List.copyOf(replaced)));
                }
                claimRun.clear();
                evidenceRun.clear();
                aligned = true;
                i++;
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                evidenceRun.add(b.get(j++));
            } else {
                claimRun.add(a.get(i++));
            }
        }
        if (!claimRun.isEmpty()) {
            // After the last aligned word, likewise only the evidence words next to it.
            List<String> replaced =
                    aligned ? evidenceRun.subList(0, Math.min(evidenceRun.size(), claimRun.size() + 1)) : evidenceRun;
            hunks.add(new Hunk(List.copyOf(claimRun), List.copyOf(replaced)));
        }
        return hunks;
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher word = WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\''));
        while (word.find()) {
            words.add(word.group());
        }
        return words;
    }
}
