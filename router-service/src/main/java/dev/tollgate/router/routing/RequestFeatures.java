package dev.tollgate.router.routing;

/**
 * What the classifier looks at in a chat request, each read from the request alone (deterministic).
 *
 * @param textTokens      estimated tokens of the messages' text ({@link PromptTokenEstimate#text})
 * @param messages        number of messages, system prompt included
 * @param codeBlocks      fenced code blocks ({@code ```})
 * @param codeSignals     code keywords or syntax seen outside fences ({@code def}, {@code SELECT ... FROM}, {@code =>} ...)
 * @param codeTask        asks to write, review, debug, refactor or optimise code
 * @param openTask        asks for a piece of writing, an explanation or a how-to ("write", "explain", "how do I" ...)
 * @param shortAnswer     asks for something short ("one sentence", "short", "haiku", "title" ...)
 * @param mathSignals     formulas or maths words (equation, integral, derivative, {@code x^2} ...)
 * @param proofCues       asks for a proof or derivation ("prove", "show that", "derive", "theorem" ...)
 * @param reasoningCues   distinct reasoning cues ("step by step", "analyse", "plan", "compare", "trade-off" ...)
 * @param tools           tools (or functions) offered to the model
 * @param images          image parts in the messages
 * @param jsonMode        {@code response_format} asks for JSON
 */
public record RequestFeatures(long textTokens, int messages, int codeBlocks, int codeSignals, boolean codeTask,
                              boolean openTask, boolean shortAnswer,
                              int mathSignals, int proofCues, int reasoningCues, int tools, int images, boolean jsonMode) {
}
