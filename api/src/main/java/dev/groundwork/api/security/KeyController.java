package dev.groundwork.api.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/admin/keys}: creating API keys (the response is the only time a key's secret is
 * shown), listing them by prefix, revoking them. Admins only ({@link SecurityConfiguration#ADMIN_AREAS}).
 */
@RestController
@RequestMapping("/api/admin/keys")
class KeyController {

    private final ApiKeys keys;
    private final UserAccounts users;

    KeyController(ApiKeys keys, UserAccounts users) {
        this.keys = keys;
        this.users = users;
    }

    /**
     * @param role {@code admin}, {@code writer} or {@code reader}
     * @param collections the collections a writer or reader may use, or {@code ["*"]} for all
     */
    record NewKey(
            @NotBlank @Size(max = 200) String name,
            @NotBlank String role,
            @Size(max = 1000) List<@NotNull @Size(max = 200) String> collections) {}

    /** A new key: {@code key} is its full text, shown this once. */
    record CreatedKey(
            long id, String prefix, String name, Role role, List<String> collections, Instant createdAt, String key) {}

    @PostMapping
    ResponseEntity<CreatedKey> create(@Valid @RequestBody NewKey request) {
        Role role = Role.parse(request.role());
        ApiKeys.CreatedKey created = keys.create(request.name(), role, Grants.forRole(role, request.collections()));
        ApiKeys.KeyInfo info = created.info();
        return ResponseEntity.created(URI.create("/api/admin/keys/" + info.id()))
                .body(new CreatedKey(
                        info.id(),
                        info.prefix(),
                        info.name(),
                        info.role(),
                        info.collections(),
                        info.createdAt(),
                        created.key()));
    }

    @GetMapping
    List<ApiKeys.KeyInfo> list() {
        return keys.list();
    }

    /** Revokes the key for good; refused for the last admin credential, which would lock everyone out. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        ApiKeys.KeyInfo key = keys.find(id)
                .filter(k -> k.revokedAt() == null)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No live API key with id " + id));
        if (key.role() == Role.ADMIN && keys.liveAdmins(id) + users.admins(-1) == 0) {
            throw new IllegalStateException("Key " + key.prefix() + " is the last admin credential; create another"
                    + " admin key or user before revoking it");
        }
        keys.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
