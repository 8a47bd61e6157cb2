/**
 * OpenAI-compatible endpoints under {@code /v1}, so that OpenAI client libraries and chat front ends
 * can use Groundwork: {@code /v1/models}, {@code /v1/chat/completions} (streamed or not) and {@code
 * /v1/embeddings}.
 *
 * <p>A chat completion is a grounded, verified answer when the model is {@code groundwork} (all
 * collections, or the one named by the {@code X-Groundwork-Collection} header) or {@code
 * groundwork/NAME} (collection NAME): the message content is the answer with its {@code [n]}
 * markers, and the extension field {@code groundwork} carries the citations and the per-sentence
 * verification. With the {@code local} backend, the GGUF model is also offered under its own name
 * for plain completions without retrieval, which lets one Groundwork serve as the {@code openai}
 * backend of another. Errors are problem details that also carry OpenAI's {@code error} object.
 */
package dev.groundwork.api.openai;
