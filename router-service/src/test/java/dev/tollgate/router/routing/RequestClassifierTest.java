package dev.tollgate.router.routing;

import static dev.tollgate.router.routing.WorstCaseEstimatorTest.chat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class RequestClassifierTest {

    private final RequestClassifier classifier = new RequestClassifier();

    @Test
    void aGreetingIsBudgetWithNothingToExplain() {
        Classification classification = classifier.classify(chat("Hello, how are you?"));

        assertThat(classification.tier()).isEqualTo(Tier.BUDGET);
        assertThat(classification.score()).isZero();
        assertThat(classification.explanation()).isEqualTo("short plain request");
    }

    @Test
    void aProofGoesToPremiumAndSaysWhy() {
        Classification classification = classifier.classify(chat("Prove that every bounded monotone sequence of real numbers converges."));

        assertThat(classification.tier()).isEqualTo(Tier.PREMIUM);
        assertThat(classification.features().proofCues()).isPositive();
        assertThat(classification.explanation()).contains("proof or derivation");
    }

    @Test
    void codeToReviewIsAtLeastStandard() {
        Classification classification = classifier.classify(chat(
                "Review this code:\n```python\ndef total(xs):\n    return sum(x for x in xs if x > 0)\n```"));

        assertThat(classification.features().codeBlocks()).isEqualTo(1);
        assertThat(classification.features().codeTask()).isTrue();
        assertThat(classification.tier()).isGreaterThanOrEqualTo(Tier.STANDARD);
    }

    @Test
    void toolsImagesAndJsonModeAddToTheScore() {
        ObjectNode plain = chat("What is on this?");
        int base = classifier.classify(plain).score();

        ObjectNode withTool = plain.deepCopy();
        withTool.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "lookup");
        ObjectNode withJson = plain.deepCopy();
        withJson.putObject("response_format").put("type", "json_object");
        ObjectNode withImage = plain.deepCopy();
        ((ObjectNode) withImage.get("messages").get(0)).putArray("content").addObject().put("type", "image_url")
                .putObject("image_url").put("url", "https://example.com/a.png");

        assertThat(classifier.classify(withTool).score()).isGreaterThan(base);
        assertThat(classifier.classify(withJson).score()).isGreaterThan(base);
        assertThat(classifier.classify(withImage).features().images()).isEqualTo(1);
        assertThat(classifier.classify(withImage).tier()).isGreaterThanOrEqualTo(Tier.STANDARD);
    }

    @Test
    void theModelsOwnEarlierAnswersAreNotTakenForTheTask() {
        ObjectNode request = chat("Thanks!");
        ObjectNode earlier = request.deepCopy();
        earlier.withArray("messages").insertObject(0).put("role", "assistant")
                .put("content", "Explain step by step, compare and analyse: here is how I would plan it.");

        assertThat(classifier.classify(earlier).features().reasoningCues()).isZero();
        assertThat(classifier.classify(earlier).tier()).isEqualTo(Tier.BUDGET);
    }

    @Test
    void scoresMapToTiersByBand() {
        assertThat(RequestClassifier.tierFor(0)).isEqualTo(Tier.BUDGET);
        assertThat(RequestClassifier.tierFor(RequestClassifier.LIGHT_FROM)).isEqualTo(Tier.LIGHT);
        assertThat(RequestClassifier.tierFor(RequestClassifier.STANDARD_FROM)).isEqualTo(Tier.STANDARD);
        assertThat(RequestClassifier.tierFor(RequestClassifier.PREMIUM_FROM)).isEqualTo(Tier.PREMIUM);
    }
}
