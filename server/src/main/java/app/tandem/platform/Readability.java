package app.tandem.platform;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Flesch-Kincaid grade of a piece of English: 0.39 × words per sentence + 11.8 × syllables per
 * word − 15.59. Syllables are counted by vowel groups, less a silent final "e"; good enough to tell
 * staff when wording for a family or a pupil is getting too hard, which is all it is for.
 */
public final class Readability {
    private static final Pattern WORD = Pattern.compile("[A-Za-z]+(?:'[A-Za-z]+)?");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+");
    private static final Pattern VOWELS = Pattern.compile("[aeiouy]+");

    private Readability() {}

    /** The grade, rounded to one decimal place; 0 for text with no words. */
    public static double grade(String text) {
        Matcher words = WORD.matcher(text);
        int wordCount = 0;
        int syllables = 0;
        while (words.find()) {
            wordCount++;
            syllables += syllables(words.group());
        }
        if (wordCount == 0) return 0;
        int sentences = Math.max(
                1,
                (int) SENTENCE_END.matcher(text.strip()).results().count()
                        + (text.strip().matches(".*[.!?]$") ? 0 : 1));
        double grade = 0.39 * wordCount / sentences + 11.8 * syllables / wordCount - 15.59;
        return Math.round(Math.max(0, grade) * 10) / 10.0;
    }

    public static int syllables(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace("'", "");
        if (w.length() <= 3) return 1;
        if (w.endsWith("e") && !w.endsWith("le")) w = w.substring(0, w.length() - 1);
        if (w.endsWith("es") || w.endsWith("ed")) w = w.substring(0, w.length() - 2);
        int groups = (int) VOWELS.matcher(w).results().count();
        return Math.max(1, groups);
    }
}
