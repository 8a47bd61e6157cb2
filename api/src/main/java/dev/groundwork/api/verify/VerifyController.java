package dev.groundwork.api.verify;

import dev.groundwork.api.security.Access;
import dev.groundwork.generator.verify.ClaimCheck;
import dev.groundwork.generator.verify.Source;
import dev.groundwork.generator.verify.Support;
import dev.groundwork.generator.verify.Verifier;
import dev.groundwork.ingest.catalog.Catalog;
import dev.groundwork.ingest.catalog.StoredDocument;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/verify}: checks an answer (split into sentences) or a list of claims against
 * sources given as texts or as stored documents, and returns a verdict per claim.
 */
@RestController
@RequestMapping("/api/verify")
class VerifyController {

    /** Sources are embedded sentence by sentence on every request: this bounds the work. */
    static final int MAX_SOURCE_CHARS = 200_000;

    private final Verifier verifier;
    private final Catalog catalog;
    private final Access access;

    VerifyController(Verifier verifier, Catalog catalog, Access access) {
        this.verifier = verifier;
        this.catalog = catalog;
        this.access = access;
    }

    /**
     * @param answer text to split into sentences and check; or
     * @param claims claims to check one by one
     * @param sources source texts (their evidence spans are offsets into each text, and
     *     {@code documentId} is the source's index)
     * @param documentIds stored documents to check against (evidence spans into their text)
     */
    record VerifyRequest(
            @Size(max = 20_000) String answer,
            @Size(max = 200) List<@NotNull @Size(max = 2_000) String> claims,
            @Size(max = 50) List<@Valid @NotNull SourceText> sources,
            @Size(max = 20) List<@NotNull Long> documentIds) {}

    record SourceText(@NotNull @Size(max = MAX_SOURCE_CHARS) String text) {}

    record VerifyResponse(List<ClaimCheck> claims, int supported, int partial, int unsupported, long tookMs) {}

    @PostMapping
    VerifyResponse verify(@Valid @RequestBody VerifyRequest request) {
        long started = System.nanoTime();
        boolean hasAnswer = request.answer() != null && !request.answer().isBlank();
        boolean hasClaims = request.claims() != null && !request.claims().isEmpty();
        if (hasAnswer == hasClaims) {
            throw new IllegalArgumentException("Give either an answer or claims");
        }
        List<Source> sources = sources(request);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("Give sources (texts) or documentIds to verify against");
        }
        List<ClaimCheck> checks = hasAnswer
                ? verifier.verify(request.answer(), sources)
                : verifier.verifyClaims(request.claims(), sources);
        return new VerifyResponse(
                checks,
                count(checks, Support.SUPPORTED),
                count(checks, Support.PARTIAL),
                count(checks, Support.UNSUPPORTED),
                (System.nanoTime() - started) / 1_000_000);
    }

    private List<Source> sources(VerifyRequest request) {
        List<Source> sources = new ArrayList<>();
        int chars = 0;
        if (request.sources() != null) {
            for (SourceText source : request.sources()) {
                sources.add(new Source(sources.size(), 0, source.text()));
                chars += source.text().length();
            }
        }
        if (request.documentIds() != null) {
            for (long id : request.documentIds()) {
                // A document the caller may not read is answered as if it did not exist.
                StoredDocument document = catalog.document(id)
                        .filter(stored -> access.mayRead(stored.collection()))
                        .orElseThrow(
                                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No document with id " + id));
                sources.add(new Source(id, 0, document.text()));
                chars += document.text().length();
            }
        }
        if (chars > MAX_SOURCE_CHARS) {
            throw new IllegalArgumentException("The sources hold " + chars + " characters; at most " + MAX_SOURCE_CHARS
                    + " are verified against in one request");
        }
        return sources;
    }

    private static int count(List<ClaimCheck> checks, Support support) {
        return (int) checks.stream().filter(check -> check.support() == support).count();
    }
}
