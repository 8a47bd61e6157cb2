package dev.groundwork.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    private static final List<ChatMessage> CHAT =
            List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("What is 2+2?"));

    @Test
    void llama3() {
        assertThat(ChatTemplate.LLAMA3.apply(CHAT))
                .isEqualTo("<|start_header_id|>system<|end_header_id|>\n\nAnswer briefly.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void chatml() {
        assertThat(ChatTemplate.CHATML.apply(CHAT))
                .isEqualTo("<|im_start|>system\nAnswer briefly.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void mistralPutsTheSystemTextInTheFirstInstruction() {
        List<ChatMessage> chat = List.of(
                ChatMessage.system("Be brief."),
                ChatMessage.user("Hi"),
                ChatMessage.assistant("Hello."),
                ChatMessage.user("2+2?"));
        assertThat(ChatTemplate.MISTRAL.apply(chat))
                .isEqualTo("[INST] Be brief.\n\nHi [/INST] Hello.</s>[INST] 2+2? [/INST]");
    }

    @Test
    void llama2() {
        assertThat(ChatTemplate.LLAMA2.apply(CHAT))
                .isEqualTo("[INST] <<SYS>>\nAnswer briefly.\n<</SYS>>\n\nWhat is 2+2? [/INST]");
    }

    @Test
    void recognisesTheFamiliesFromTheirJinjaMarkers() {
        assertThat(ChatTemplate.recognize(
                        "{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'"
                                + " + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"))
                .contains(ChatTemplate.LLAMA3);
        assertThat(ChatTemplate.recognize(
                        "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>'}}"))
                .contains(ChatTemplate.CHATML);
        assertThat(ChatTemplate.recognize("{{ '[INST] ' + message['content'] + ' [/INST]' }}"))
                .contains(ChatTemplate.MISTRAL);
        assertThat(ChatTemplate.recognize("[INST] <<SYS>>\\n{{ system }}<</SYS>>"))
                .contains(ChatTemplate.LLAMA2);
        assertThat(ChatTemplate.recognize("{{ bos_token }}<start_of_turn>user")).isEmpty();
    }

    @Test
    void refusesUnknownNamesAndAnAssistantLastMessage() {
        assertThatThrownBy(() -> ChatTemplate.named("gemma"))
                .hasMessage("unknown chat template gemma; known: llama3, chatml, mistral, llama2, plain");
        assertThatThrownBy(() -> ChatTemplate.CHATML.apply(List.of(ChatMessage.assistant("hi"))))
                .hasMessageContaining("the last message must not be the assistant's");
    }
}
