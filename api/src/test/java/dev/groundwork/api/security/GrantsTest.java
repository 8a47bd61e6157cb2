package dev.groundwork.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantsTest {

    @Test
    void theWildcardGrantsEveryCollectionEvenLaterOnes() {
        Grants all = Grants.of(List.of("*"));

        assertThat(all).isEqualTo(Grants.ALL);
        assertThat(all.covers("created-tomorrow")).isTrue();
        assertThat(all.names()).containsExactly("*");
    }

    @Test
    void namedGrantsCoverExactlyTheirCollections() {
        Grants grants = Grants.of(List.of("manuals", "faq"));

        assertThat(grants.covers("faq")).isTrue();
        assertThat(grants.covers("FAQ")).isFalse();
        assertThat(grants.covers("hr")).isFalse();
        assertThat(grants.names()).containsExactly("faq", "manuals");
        assertThat(Grants.of(List.of()).none()).isTrue();
    }

    @Test
    void rejectsTheWildcardMixedWithNamesAndInvalidNames() {
        assertThatThrownBy(() -> Grants.of(List.of("*", "faq")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("either [\"*\"]");
        assertThatThrownBy(() -> Grants.of(List.of("../etc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'../etc' is not a collection name");
        assertThatThrownBy(() -> new Grants(true, Set.of("faq"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminsHaveEveryCollectionAndOthersNeedNames() {
        assertThat(Grants.forRole(Role.ADMIN, null)).isEqualTo(Grants.ALL);
        assertThat(Grants.forRole(Role.ADMIN, List.of("*"))).isEqualTo(Grants.ALL);
        assertThatThrownBy(() -> Grants.forRole(Role.ADMIN, List.of("faq")))
                .hasMessageStartingWith("An admin has every collection");
        assertThatThrownBy(() -> Grants.forRole(Role.READER, List.of()))
                .hasMessage("A reader needs collections: the names it may use, or [\"*\"] for all of them");
        assertThat(Grants.forRole(Role.WRITER, List.of("faq")).names()).containsExactly("faq");
    }

    @Test
    void rolesParseFromTheirLabelsAndIncludeTheLowerOnes() {
        assertThat(Role.parse(" Writer ")).isEqualTo(Role.WRITER);
        assertThat(Role.ADMIN.includes(Role.WRITER)).isTrue();
        assertThat(Role.WRITER.includes(Role.READER)).isTrue();
        assertThat(Role.READER.includes(Role.WRITER)).isFalse();
        assertThatThrownBy(() -> Role.parse("root")).hasMessage("role must be admin, writer or reader, not 'root'");
    }
}
