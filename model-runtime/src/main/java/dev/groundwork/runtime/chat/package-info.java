/**
 * Chat on a local GGUF model: the prompt formats of the common model families, recognised from the
 * model's {@code tokenizer.chat_template} (its Jinja text is not executed), and the Spring AI
 * {@code ChatModel} that runs a model in this process.
 */
package dev.groundwork.runtime.chat;
