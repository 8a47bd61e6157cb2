package dev.groundwork.generator.verify;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a sentence that lexical overlap and embeddings are blind to: its numbers, its
 * negations, its names, and its words that have a common opposite (a known pair, or a negating
 * prefix or suffix).
 */
final class ClaimFeatures {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}_.])\\d+(?:[.,]\\d+)*(?![\\p{L}_])");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_']+");
    private static final Pattern NAME = Pattern.compile(
            "\\b(?:[A-Z][\\p{L}\\p{N}]*(?:[A-Z][\\p{L}\\p{N}]*)*|[\\p{L}_]+(?:[._][\\p{L}\\p{N}_]+)+)\\b");
    private static final Set<String> NEGATIONS =
            Set.of("not", "no", "never", "none", "nothing", "neither", "nor", "cannot", "without", "nobody", "nowhere");
    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
            Map.entry("zero", "0"),
            Map.entry("two", "2"),
            Map.entry("three", "3"),
            Map.entry("four", "4"),
            Map.entry("five", "5"),
            Map.entry("six", "6"),
            Map.entry("seven", "7"),
            Map.entry("eight", "8"),
            Map.entry("nine", "9"),
            Map.entry("ten", "10"),
            Map.entry("eleven", "11"),
            Map.entry("twelve", "12"),
            Map.entry("twenty", "20"),
            Map.entry("hundred", "100"),
            Map.entry("thousand", "1000"));
    /** Common English opposites, both ways. */
    private static final Map<String, String> OPPOSITES = opposites(
            "true false",
            "increase decrease",
            "increases decreases",
            "larger smaller",
            "bigger smaller",
            "more less",
            "more fewer",
            "faster slower",
            "fast slow",
            "higher lower",
            "high low",
            "before after",
            "first last",
            "always never",
            "mutable immutable",
            "possible impossible",
            "allowed forbidden",
            "allow forbid",
            "allows forbids",
            "enable disable",
            "enabled disabled",
            "start stop",
            "open close",
            "opened closed",
            "begin end",
            "minimum maximum",
            "min max",
            "inside outside",
            "internal external",
            "input output",
            "public private",
            "local global",
            "static dynamic",
            "synchronous asynchronous",
            "explicit implicit",
            "inclusive exclusive",
            "valid invalid",
            "safe unsafe",
            "supported unsupported",
            "easy hard",
            "easier harder",
            "simple complex",
            "good bad",
            "better worse",
            "best worst",
            "early late",
            "earlier later",
            "old new",
            "older newer",
            "long short",
            "longer shorter",
            "add remove",
            "added removed",
            "include exclude",
            "included excluded",
            "accept reject",
            "accepted rejected",
            "success failure",
            "succeed fail",
            "succeeds fails",
            "above below",
            "upper lower",
            "same different",
            "equal unequal",
            "positive negative",
            "required optional",
            "strong weak",
            "hot cold",
            "light heavy",
            "cheap expensive",
            "win lose",
            "rise fall",
            "ascending descending",
            "import export",
            "read write",
            "left right",
            "top bottom",
            "most least",
            "many few",
            "all none",
            "present absent",
            "legal illegal",
            "lazy eager",
            "sorted unsorted",
            "ordered unordered",
            "encrypted unencrypted",
            "visible invisible",
            "shallow deep",
            "rare common",
            "rarely always",
            "rarely often",
            "rarely frequently",
            "seldom often",
            "small large",
            "smaller larger",
            "smallest largest",
            "little big",
            "complicated simple",
            "difficult easy",
            "poor good",
            "poorly well",
            "prevent allow",
            "prevents allows",
            "prevented allowed",
            "wrong correct",
            "wrong right",
            "low high",
            "lowest highest",
            "minor major",
            "narrow wide",
            "thin thick",
            "empty full",
            "front back",
            "dark light",
            "wet dry",
            "send receive",
            "sends receives",
            "push pull",
            "yes no",
            "lose gain",
            "loses gains",
            "slower faster",
            "slowest fastest",
            "shortest longest",
            "oldest newest",
            "latest earliest",
            "manual automatic",
            "manually automatically",
            "sync async",
            "blocking nonblocking",
            "lowercase uppercase",
            "ascending descending",
            "beginning end",
            "entry exit",
            "plus minus",
            "parent child",
            "success error");
    /** Prefixes that make a word's opposite: "possible" and "impossible", "encrypt" and "decrypt". */
    private static final List<String> NEGATING_PREFIXES =
            List.of("un", "in", "im", "ir", "il", "dis", "non", "non-", "de", "anti");

    private ClaimFeatures() {}

    /** The numbers in the text, normalised ("1,000" and "1000" alike; "two" as "2"). */
    static Set<String> numbers(String text) {
        Set<String> numbers = new LinkedHashSet<>();
        Matcher number = NUMBER.matcher(text);
        while (number.find()) {
            String digits = number.group().replace(",", "");
            numbers.add(digits.contains(".") ? digits.replaceAll("\\.?0+$", "") : digits);
        }
        Matcher word = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (word.find()) {
            String value = NUMBER_WORDS.get(word.group());
            if (value != null) {
                numbers.add(value);
            }
        }
        return numbers;
    }

    /** Whether one word is the other's opposite: a known pair, a negating prefix, or "-ful" against "-less". */
    static boolean opposite(String a, String b) {
        if (a.equals(b)) {
            return false;
        }
        if (b.equals(OPPOSITES.get(a))) {
            return true;
        }
        for (String prefix : NEGATING_PREFIXES) {
            if ((a.equals(prefix + b) || b.equals(prefix + a)) && Math.min(a.length(), b.length()) >= 4) {
                return true;
            }
        }
        return a.endsWith("ful")
                        && b.endsWith("less")
                        && a.regionMatches(0, b, 0, a.length() - 3)
                        && b.length() == a.length() + 1
                || b.endsWith("ful")
                        && a.endsWith("less")
                        && b.regionMatches(0, a, 0, b.length() - 3)
                        && a.length() == b.length() + 1;
    }

    /** Whether an edit of the claim adds or removes a negation: the two sides of a hunk negate a different number of times. */
    static boolean negationEdited(List<WordEdits.Hunk> hunks) {
        return hunks.stream().anyMatch(hunk -> negations(hunk.claim()) != negations(hunk.evidence()));
    }

    /** Whether an edit of the claim put a word in place of its opposite. */
    static boolean oppositeEdited(List<WordEdits.Hunk> hunks) {
        for (WordEdits.Hunk hunk : hunks) {
            for (String claimWord : hunk.claim()) {
                for (String evidenceWord : hunk.evidence()) {
                    if (opposite(claimWord, evidenceWord)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int negations(List<String> words) {
        int count = 0;
        for (String word : words) {
            if (NEGATIONS.contains(word) || word.endsWith("n't")) {
                count++;
            }
        }
        return count;
    }

    /** The lower-cased words of the text. */
    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher word = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (word.find()) {
            words.add(word.group());
        }
        return words;
    }

    /** Whether the claim uses a word whose opposite the evidence uses, and the evidence lacks the word itself. */
    static boolean opposes(Set<String> claimWords, Set<String> evidenceWords) {
        for (String word : claimWords) {
            String opposite = OPPOSITES.get(word);
            if (opposite != null && evidenceWords.contains(opposite) && !evidenceWords.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Names in the text: capitalised words that do not start a sentence, and dotted or underscored
     * identifiers ({@code os.path}, {@code __init__}), lower-cased.
     */
    static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher name = NAME.matcher(text);
        while (name.find()) {
            if (!startsSentence(text, name.start())) {
                names.add(name.group().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static boolean startsSentence(String text, int at) {
        int i = at - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '"' || text.charAt(i) == '(')) {
            i--;
        }
        return i < 0 || ".!?:\n".indexOf(text.charAt(i)) >= 0;
    }

    private static Map<String, String> opposites(String... pairs) {
        Map<String, String> opposites = new HashMap<>();
        for (String pair : pairs) {
            String[] words = pair.split(" ");
            opposites.putIfAbsent(words[0], words[1]);
            opposites.putIfAbsent(words[1], words[0]);
        }
        return Map.copyOf(opposites);
    }
}
