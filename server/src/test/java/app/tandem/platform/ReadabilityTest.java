package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reading-age estimate tells plain wording from jargon. */
class ReadabilityTest {
    @Test
    void syllablesAreCountedByVowelGroups() {
        assertEquals(1, Readability.syllables("cat"));
        assertEquals(1, Readability.syllables("take"));
        assertEquals(2, Readability.syllables("reading"));
        assertEquals(3, Readability.syllables("important"));
        assertEquals(1, Readability.syllables("turns"));
    }

    @Test
    void shortPlainSentencesScoreLowerThanProfessionalJargon() {
        double plain = Readability.grade("I am learning to take turns. I wait for my go.");
        double jargon = Readability.grade("Demonstrates developmentally appropriate reciprocal interaction "
                + "utilising differentiated communication strategies within structured environments.");
        assertTrue(plain < 3, "plain wording: " + plain);
        assertTrue(jargon > 12, "jargon: " + jargon);
    }

    @Test
    void textWithoutWordsScoresZero() {
        assertEquals(0, Readability.grade("  "));
        assertEquals(0, Readability.grade("123 !!"));
    }
}
