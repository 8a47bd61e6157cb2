package dev.groundwork.api.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.groundwork.api.security.Access;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.runtime.chat.LocalChatModel;
import dev.groundwork.runtime.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The models that {@code /v1} offers the caller (a grounded model per collection it may read), and
 * what a model name a client sends stands for: a grounded
 * answer from all collections or one, a plain completion by the local GGUF model, or the embedding
 * model.
 */
@Component
class OpenAiModels {

    /** Grounded answers from every collection (or the one a header names). */
    static final String GROUNDED = "groundwork";

    private static final String GROUNDED_PREFIX = GROUNDED + "/";

    private final Catalog catalog;
    private final Embedder embedder;
    private final ObjectProvider<LocalChatModel> localChat;
    private final Access access;

    OpenAiModels(Catalog catalog, Embedder embedder, ObjectProvider<LocalChatModel> localChat, Access access) {
        this.catalog = catalog;
        this.access = access;
        this.embedder = embedder;
        this.localChat = localChat;
    }

    /** What a model name stands for. */
    sealed interface Target {}

    /** @param collection the collection to answer from, or null for all */
    record Grounded(String collection) implements Target {}

    record Plain(LocalChatModel model) implements Target {}

    record Embedding(Embedder embedder) implements Target {}

    /** One entry of {@code /v1/models}. */
    record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy) {}

    List<Model> list() {
        List<Model> models = new ArrayList<>();
        models.add(new Model(GROUNDED, "model", 0, GROUNDED));
        for (Catalog.CollectionInfo collection : catalog.collections()) {
            if (!access.mayRead(collection.name())) {
                continue;
            }
            models.add(new Model(
                    GROUNDED_PREFIX + collection.name(),
                    "model",
                    collection.createdAt().getEpochSecond(),
                    GROUNDED));
        }
        plain().ifPresent(model -> models.add(new Model(model.model().name(), "model", 0, GROUNDED)));
        models.add(new Model(embedder.modelName(), "model", 0, GROUNDED));
        return models;
    }

    /** The target of {@code name}, or an {@link UnknownModelException} that lists the known ones. */
    Target resolve(String name) {
        if (name.equals(GROUNDED)) {
            return new Grounded(null);
        }
        if (name.startsWith(GROUNDED_PREFIX)) {
            String collection = name.substring(GROUNDED_PREFIX.length());
            access.requireRead(collection, "answering from it");
            if (catalog.hasCollection(collection)) {
                return new Grounded(collection);
            }
            throw new UnknownModelException("No collection named '" + collection + "' (model '" + name + "')");
        }
        Optional<LocalChatModel> plain =
                plain().filter(model -> model.model().name().equals(name));
        if (plain.isPresent()) {
            return new Plain(plain.get());
        }
        if (name.equals(embedder.modelName())) {
            return new Embedding(embedder);
        }
        throw new UnknownModelException("No model named '" + name + "'; known: "
                + String.join(", ", list().stream().map(Model::id).toList()));
    }

    String embeddingModelName() {
        return embedder.modelName();
    }

    private Optional<LocalChatModel> plain() {
        return Optional.ofNullable(localChat.getIfAvailable());
    }
}
