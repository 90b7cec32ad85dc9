package dev.tollgate.router.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts a chat request in the cheapest {@link Tier} likely to answer it well, from features of the request
 * alone: no model call, no randomness, the same request always gets the same tier. Each feature adds
 * points to a score; the score's band is the tier:
 * <pre>
 *   0-1 budget, 2-3 light, 4-6 standard, 7 and more premium
 * </pre>
 * Points (see {@link #classify}): prompt length, code (fenced blocks, code syntax, a coding task), maths,
 * proofs and derivations, reasoning cues, tools offered, images, JSON mode, a long conversation. Most
 * everyday requests (greetings, short questions, translations, short rewrites) score 0 or 1 and go to the
 * budget tier; the expensive tiers need several signals at once. The measured accuracy on a hand-labelled
 * set is in docs/routing.md.
 */
public final class RequestClassifier {

    public static final int LIGHT_FROM = 2;
    public static final int STANDARD_FROM = 4;
    public static final int PREMIUM_FROM = 7;

    private static final int SAMPLE_HEAD_CHARS = 16_000;
    private static final int SAMPLE_TAIL_CHARS = 4_000;
    private static final Pattern CODE_FENCE = Pattern.compile("```");
    private static final List<Pattern> CODE_SYNTAX = patterns(
            "\\bdef \\w+\\(", "\\bfunction\\s*\\w*\\s*\\(", "\\bclass \\w+\\s*[{(:]", "\\b(public|private|protected) (static )?[\\w<>\\[\\]]+ \\w+",
            "\\bselect\\b[^;]{1,200}?\\bfrom\\b[^;]{1,200}?\\b(where|group by|join|order by)\\b", "#include\\s*<", "=>",
            "\\breturn\\b[^.\\n]*;", "\\b(const|let|var) \\w+ =", "\\bfunc \\w+\\(", "\\bimport [\\w.]+;?$", "\\w+\\([^()]*\\)\\s*\\{");
    private static final Pattern CODE_TASK = Pattern.compile(
            "\\b(write|implement|create|generate|give me|show me)\\b[^.?!]{0,60}?\\b(function|script|class|query|regex|regular expression"
                    + "|program|unit tests?|tests in|dockerfile|snippet|one-liner|implementation|sql|code|api endpoint)\\b"
                    + "|\\b(review|debug|refactor|optimi[sz]e)\\b[^.?!]{0,40}?\\b(code|function|query|program|script|this)\\b"
                    + "|\\bdebug this\\b");
    private static final List<Pattern> MATHS = patterns(
            "\\bintegral\\b|∫", "\\bderivative\\b|\\bdifferentiat", "\\bequations?\\b", "\\b\\w\\s?\\^\\s?\\w", "\\bmatri(x|ces)\\b",
            "\\bprobabilit", "\\bstatistically significant\\b|\\bsignifican(t|ce)\\b", "\\bcomplexity\\b", "\\bprimes?\\b",
            "\\b(group|ring|field) of order\\b|\\bcyclic\\b|\\babelian\\b", "\\bcontinuous function\\b|\\blimit of\\b",
            "\\bnet present value\\b|\\bdiscount rate\\b", "\\birrational\\b", "\\bsolve\\b",
            "\\bconverge|\\bsequences?\\b|\\bseries\\b", "\\b(real|natural|rational|complex) numbers?\\b|\\bintegers?\\b");
    private static final List<Pattern> PROOF = patterns(
            "\\bprove\\b|\\bproves\\b", "\\bproofs?\\b", "\\bshow that\\b", "\\bderive\\b|\\bderivation\\b", "\\btheorem\\b|\\blemma\\b",
            "\\bby induction\\b", "\\bcorrectness (argument|proof)\\b|\\bprove (its|the) correctness\\b", "\\bundecidab");
    private static final List<Pattern> REASONING = patterns(
            "\\bstep[- ]by[- ]step\\b", "\\banaly[sz](e|es|is|ing)\\b", "\\bplan\\b", "\\bcompar(e|ing|ison)\\b", "\\btrade-?offs?\\b",
            "\\bevaluate\\b", "\\bthink (it )?through\\b", "\\bpros and cons\\b", "\\barchitecture\\b|\\bdesign (a|an|the)\\b",
            "\\bstrategy\\b|\\bstrategies\\b", "\\bassumptions?\\b", "\\brisks?\\b", "\\brecommend (one|a plan|an option)\\b",
            "\\bexplain (why|how|the design)\\b");
    /** Asks for a piece of writing, an explanation or a how-to: more than a one-line answer. */
    private static final Pattern OPEN_TASK = Pattern.compile(
            "\\b(write|draft|compose|create|generate|produce|explain|describe|outline)\\b|\\bhow (do|can|should) i\\b"
                    + "|\\bdifferences? between\\b|\\b(itinerary|checklist|quiz|cover letter|story|tips)\\b");
    /** Asks for something short: the answer fits a small model whatever the verb. */
    private static final Pattern SHORT_ANSWER = Pattern.compile(
            "\\b(one|single|1)[- ](line|sentence|word)\\b|\\bshort(er)?\\b|\\bhaiku\\b|\\btitle\\b|\\bsynonym\\b|\\bjoke\\b"
                    + "|\\bnames? for\\b");

    /** Classifies {@code request}; every rule that scored is listed in the answer's reasons. */
    public Classification classify(ObjectNode request) {
        RequestFeatures features = features(request);
        List<String> reasons = new ArrayList<>();
        int score = 0;

        long tokens = features.textTokens();
        int lengthPoints = tokens >= 1_500 ? 4 : tokens >= 400 ? 3 : tokens >= 100 ? 2 : tokens >= 40 ? 1 : 0;
        score += add(reasons, lengthPoints, "prompt of about " + tokens + " tokens");
        if (features.openTask() && !features.codeTask()) {
            score += add(reasons, features.shortAnswer() ? 1 : 2, features.shortAnswer() ? "short writing task" : "writing or explaining task");
        }
        if (features.codeBlocks() > 0) {
            score += add(reasons, 2, "code block");
        } else if (features.codeSignals() >= 2) {
            score += add(reasons, 1, "code syntax");
        }
        score += add(reasons, features.codeTask() ? 2 : 0, "coding task");
        score += add(reasons, Math.min(features.mathSignals(), 3), "maths x" + features.mathSignals());
        score += add(reasons, features.proofCues() == 0 ? 0 : Math.min(5 + features.proofCues(), 8),
                "proof or derivation x" + features.proofCues());
        score += add(reasons, Math.min(features.reasoningCues(), 5), "reasoning cue x" + features.reasoningCues());
        score += add(reasons, features.tools() >= 3 ? 3 : features.tools() > 0 ? 2 : 0, features.tools() + " tool(s)");
        score += add(reasons, features.images() > 0 ? 4 : 0, features.images() + " image(s)");
        score += add(reasons, features.jsonMode() ? 2 : 0, "JSON output");
        score += add(reasons, features.messages() >= 12 ? 2 : features.messages() >= 6 ? 1 : 0,
                "conversation of " + features.messages() + " messages");
        return new Classification(tierFor(score), score, features, reasons);
    }

    public static Tier tierFor(int score) {
        if (score >= PREMIUM_FROM) {
            return Tier.PREMIUM;
        }
        if (score >= STANDARD_FROM) {
            return Tier.STANDARD;
        }
        return score >= LIGHT_FROM ? Tier.LIGHT : Tier.BUDGET;
    }

    /** The features of {@code request}; public so that they can be logged or tested on their own. */
    public RequestFeatures features(ObjectNode request) {
        StringBuilder text = new StringBuilder();
        StringBuilder asked = new StringBuilder();
        int messages = 0;
        for (JsonNode message : request.path("messages")) {
            messages++;
            String content = contentText(message.path("content"));
            text.append(content).append('\n');
            // what the client asks is in its own messages; the model's earlier answers ("how can I help?")
            // and tool results are context, not the task
            String role = message.path("role").asText("");
            if (role.equals("user") || role.equals("system") || role.equals("developer")) {
                asked.append(content).append('\n');
            }
        }
        String raw = text.toString();
        String lower = sample(asked.toString()).toLowerCase(Locale.ROOT);
        int fences = count(CODE_FENCE, sample(raw));
        int tools = request.path("tools").size() + request.path("functions").size();
        String responseType = request.path("response_format").path("type").asText("");
        return new RequestFeatures(PromptTokenEstimate.text(raw), messages, (fences + 1) / 2, distinctMatches(CODE_SYNTAX, lower),
                CODE_TASK.matcher(lower).find(), OPEN_TASK.matcher(lower).find(), SHORT_ANSWER.matcher(lower).find(),
                distinctMatches(MATHS, lower), distinctMatches(PROOF, lower),
                distinctMatches(REASONING, lower), tools, PromptTokenEstimate.imageCount(request),
                responseType.equals("json_object") || responseType.equals("json_schema"));
    }

    /**
     * The part of a long text the patterns read: its beginning and its end (where the instructions and
     * the latest question usually are), so that classifying a huge prompt stays fast.
     */
    static String sample(String text) {
        if (text.length() <= SAMPLE_HEAD_CHARS + SAMPLE_TAIL_CHARS) {
            return text;
        }
        return text.substring(0, SAMPLE_HEAD_CHARS) + "\n" + text.substring(text.length() - SAMPLE_TAIL_CHARS);
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                text.append(part.path("text").asText()).append('\n');
            }
        }
        return text.toString();
    }

    private static int add(List<String> reasons, int points, String why) {
        if (points > 0) {
            reasons.add(why + " (+" + points + ")");
        }
        return points;
    }

    private static int count(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }

    private static int distinctMatches(List<Pattern> patterns, String text) {
        int found = 0;
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).find()) {
                found++;
            }
        }
        return found;
    }

    private static List<Pattern> patterns(String... regexes) {
        List<Pattern> compiled = new ArrayList<>();
        for (String regex : regexes) {
            compiled.add(Pattern.compile(regex, Pattern.MULTILINE));
        }
        return List.copyOf(compiled);
    }
}
