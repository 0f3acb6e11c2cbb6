package io.candor.summary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kept answers to batches: used only under the generation and view inputs they were made under, and bounded. */
class BatchAnswersTest {

    private static final SummaryRow.ViewInputs INPUTS = new SummaryRow.ViewInputs(3, 5.0, 3.5, 90, false);

    @Test
    void anAnswerIsUsedOnlyUnderItsGenerationItsInputsAndItsTenant() {
        BatchAnswers answers = new BatchAnswers();
        byte[] json = "{\"items\":[]}".getBytes();
        answers.keep(1, "product:a,product:b", 7, INPUTS, json, "tag");
        BatchAnswers.Answer kept = answers.get(1, "product:a,product:b", 7, INPUTS);
        assertNotNull(kept);
        assertArrayEquals(json, kept.json());
        assertEquals("tag", kept.etag());
        assertNull(answers.get(1, "product:a,product:b", 8, INPUTS), "a row changed since");
        assertNull(answers.get(1, "product:a,product:b", 7, new SummaryRow.ViewInputs(5, 5.0, 3.5, 90, false)), "the policy changed since");
        assertNull(answers.get(2, "product:a,product:b", 7, INPUTS), "another tenant");
        assertNull(answers.get(1, "product:b,product:a", 7, INPUTS), "another batch");
    }

    @Test
    void theKeptAnswersAreBoundedInNumberAndBytes() {
        BatchAnswers answers = new BatchAnswers();
        for (int i = 0; i < BatchAnswers.MAX_ANSWERS * 3; i++) {
            answers.keep(i % 5, "product:p" + i, 1, INPUTS, new byte[100], "t");
            assertTrue(answers.size() <= BatchAnswers.MAX_ANSWERS, "at most " + BatchAnswers.MAX_ANSWERS);
        }
        byte[] large = new byte[1 << 20];
        for (int i = 0; i < 20; i++) {
            answers.keep(1, "product:large" + i, 1, INPUTS, large, "t");
            assertTrue(answers.size() <= BatchAnswers.MAX_BYTES / large.length + 1, "at most " + BatchAnswers.MAX_BYTES + " bytes");
        }
        answers.keep(1, "x".repeat(BatchAnswers.MAX_KEY_LENGTH + 1), 1, INPUTS, new byte[10], "t");
        assertNull(answers.get(1, "x".repeat(BatchAnswers.MAX_KEY_LENGTH + 1), 1, INPUTS), "a parameter that long is not kept");
    }
}
