package dev.groundwork.api.pipeline;

import dev.groundwork.generator.verify.SupportJudge;
import dev.groundwork.runtime.chat.ChatMessage;
import dev.groundwork.runtime.chat.LocalChatModel;
import java.util.List;
import java.util.OptionalDouble;

/** The verifier's judge backed by the in-process model: its next-token probabilities of "yes" and "no". */
final class LocalSupportJudge implements SupportJudge {

    private final LocalChatModel model;

    LocalSupportJudge(LocalChatModel model) {
        this.model = model;
    }

    @Override
    public OptionalDouble supportProbability(String claim, String evidence) {
        return OptionalDouble.of(model.yesProbability(List.of(
                ChatMessage.system(SupportJudge.INSTRUCTIONS),
                ChatMessage.user(SupportJudge.question(claim, evidence)))));
    }
}
