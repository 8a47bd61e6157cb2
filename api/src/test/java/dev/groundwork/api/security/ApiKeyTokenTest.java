package dev.groundwork.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void generatesKeysOfTheDocumentedFormWithAVisiblePrefix() {
        ApiKeyToken token = ApiKeyToken.generate(RANDOM);

        assertThat(token.text()).matches("gw_[a-z0-9]{8}_[A-Za-z0-9_-]{43}");
        assertThat(token.prefix())
                .isEqualTo("gw_" + token.id())
                .isEqualTo(token.text().substring(0, 11));
        assertThat(ApiKeyToken.parse(token.text())).contains(token);
    }

    @Test
    void carries256RandomBitsPerKey() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ApiKeyToken token = ApiKeyToken.generate(RANDOM);
            assertThat(java.util.Base64.getUrlDecoder().decode(token.secret())).hasSize(32);
            secrets.add(token.secret());
        }
        assertThat(secrets).hasSize(1000);
    }

    @Test
    void parsesOnlyTheExactForm() {
        String secret = "integration-tests-only_not-a-secret_0123456";
        assertThat(ApiKeyToken.parse("gw_testkey0_" + secret)).contains(new ApiKeyToken("testkey0", secret));
        // A secret may itself contain '_': the id is found by position, not by splitting.
        assertThat(ApiKeyToken.parse("gw_abcdefgh_" + "_".repeat(43))).isPresent();
        assertThat(ApiKeyToken.parse(null)).isEmpty();
        assertThat(ApiKeyToken.parse("gw_testkey0_" + secret + "x")).isEmpty();
        assertThat(ApiKeyToken.parse("gw_TESTKEY0_" + secret)).isEmpty();
        assertThat(ApiKeyToken.parse("gw_testkey_" + secret)).isEmpty();
        assertThat(ApiKeyToken.parse("sk_testkey0_" + secret)).isEmpty();
        assertThat(ApiKeyToken.parse("gw_testkey0_" + secret.replace('-', '+'))).isEmpty();
    }

    @Test
    void hashesTheKeyTextWithSha256() {
        assertThat(HexFormat.of().formatHex(ApiKeyToken.hash("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void showsNoSecretInItsPrefixOrString() {
        ApiKeyToken token = ApiKeyToken.generate(RANDOM);
        assertThat(token.toString()).doesNotContain(token.secret());
        assertThat(ApiKeyToken.prefixOf(token.text())).isEqualTo(token.prefix());
        String configured = "a-configured-key-of-another-form-0123456789";
        assertThat(ApiKeyToken.prefixOf(configured))
                .matches("sha256:[0-9a-f]{8}")
                .doesNotContain("configured");
    }

    @Test
    void refusesShortConfiguredKeysNamingTheSetting() {
        assertThatThrownBy(() -> ApiKeyToken.checkConfigured("admin", "groundwork.security.bootstrap-key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("groundwork.security.bootstrap-key is 5 characters; an API key needs at least 32"
                        + " (e.g. the output of 'openssl rand -base64 32')");
        assertThat(ApiKeyToken.checkConfigured(" " + "k".repeat(32) + "\n", "x"))
                .isEqualTo("k".repeat(32));
    }

    @Test
    void rejectsMalformedParts() {
        assertThatThrownBy(() -> new ApiKeyToken("short", "x".repeat(43))).hasMessageContaining("8 characters");
        assertThatThrownBy(() -> new ApiKeyToken("abcdefgh", "x".repeat(42)))
                .hasMessageContaining("43 base64url characters");
    }
}
