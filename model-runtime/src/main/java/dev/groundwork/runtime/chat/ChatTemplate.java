package dev.groundwork.runtime.chat;

import dev.groundwork.runtime.chat.ChatMessage.Role;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a model family lays out a conversation as text, as llama.cpp's built-in templates do. The
 * beginning-of-sequence token is not part of the text: the tokenizer adds it.
 */
public enum ChatTemplate {
    /** Llama 3.x: header tokens around each role, {@code <|eot_id|>} after each turn. */
    LLAMA3 {
        @Override
        String render(List<ChatMessage> messages) {
            StringBuilder text = new StringBuilder();
            for (ChatMessage message : messages) {
                text.append("<|start_header_id|>")
                        .append(message.role().label())
                        .append("<|end_header_id|>\n\n")
                        .append(message.content().strip())
                        .append("<|eot_id|>");
            }
            return text.append("<|start_header_id|>assistant<|end_header_id|>\n\n")
                    .toString();
        }
    },
    /** ChatML (Qwen 2/2.5/3 and many fine-tunes). */
    CHATML {
        @Override
        String render(List<ChatMessage> messages) {
            StringBuilder text = new StringBuilder();
            for (ChatMessage message : messages) {
                text.append("<|im_start|>")
                        .append(message.role().label())
                        .append('\n')
                        .append(message.content())
                        .append("<|im_end|>\n");
            }
            return text.append("<|im_start|>assistant\n").toString();
        }
    },
    /** Mistral instruct: {@code [INST] ... [/INST]}; a system message goes before the first user message. */
    MISTRAL {
        @Override
        String render(List<ChatMessage> messages) {
            StringBuilder text = new StringBuilder();
            String system = "";
            for (ChatMessage message : messages) {
                switch (message.role()) {
                    case SYSTEM -> system = message.content().strip() + "\n\n";
                    case USER -> {
                        text.append("[INST] ")
                                .append(system)
                                .append(message.content().strip())
                                .append(" [/INST]");
                        system = "";
                    }
                    case ASSISTANT ->
                        text.append(' ').append(message.content().strip()).append("</s>");
                }
            }
            return text.toString();
        }
    },
    /** Llama 2 chat: {@code <<SYS>>} inside the first {@code [INST]}. */
    LLAMA2 {
        @Override
        String render(List<ChatMessage> messages) {
            StringBuilder text = new StringBuilder();
            String system = "";
            boolean first = true;
            for (ChatMessage message : messages) {
                switch (message.role()) {
                    case SYSTEM -> system = "<<SYS>>\n" + message.content().strip() + "\n<</SYS>>\n\n";
                    case USER -> {
                        text.append(first ? "[INST] " : "<s>[INST] ")
                                .append(system)
                                .append(message.content().strip())
                                .append(" [/INST]");
                        system = "";
                        first = false;
                    }
                    case ASSISTANT ->
                        text.append(' ').append(message.content().strip()).append(" </s>");
                }
            }
            return text.toString();
        }
    },
    /**
     * No chat format: the messages' texts one after another, for base models (and the fallback for
     * templates that are not recognised, when configured).
     */
    PLAIN {
        @Override
        String render(List<ChatMessage> messages) {
            StringBuilder text = new StringBuilder();
            for (ChatMessage message : messages) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(message.content());
            }
            return text.toString();
        }
    };

    /** The conversation as prompt text, ending where the assistant's answer starts. */
    public final String apply(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat needs at least one message");
        }
        if (messages.getLast().role() == Role.ASSISTANT) {
            throw new IllegalArgumentException(
                    "the last message must not be the assistant's: the model writes that one");
        }
        return render(messages);
    }

    abstract String render(List<ChatMessage> messages);

    /** The family a model's Jinja chat template belongs to, recognised by its markers. */
    public static Optional<ChatTemplate> recognize(String jinja) {
        if (jinja.contains("<|start_header_id|>") && jinja.contains("<|eot_id|>")) {
            return Optional.of(LLAMA3);
        }
        if (jinja.contains("<|im_start|>")) {
            return Optional.of(CHATML);
        }
        if (jinja.contains("<<SYS>>")) {
            return Optional.of(LLAMA2);
        }
        if (jinja.contains("[INST]")) {
            return Optional.of(MISTRAL);
        }
        return Optional.empty();
    }

    /** The template called {@code name} (case-insensitive), with a message listing the names on error. */
    public static ChatTemplate named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown chat template %s; known: llama3, chatml, mistral, llama2, plain".formatted(name));
        }
    }
}
