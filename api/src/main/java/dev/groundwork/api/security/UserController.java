package dev.groundwork.api.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
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
 * {@code /api/admin/users}: the local user accounts of the web page: creating, listing, deleting.
 * Admins only ({@link SecurityConfiguration#ADMIN_AREAS}).
 */
@RestController
@RequestMapping("/api/admin/users")
class UserController {

    private final UserAccounts users;
    private final ApiKeys keys;

    UserController(UserAccounts users, ApiKeys keys) {
        this.users = users;
        this.keys = keys;
    }

    /**
     * @param password at least 12 characters; stored only as an Argon2id hash
     * @param role {@code admin}, {@code writer} or {@code reader}
     * @param collections the collections a writer or reader may use, or {@code ["*"]} for all
     */
    record NewUser(
            @NotBlank @Size(max = 100) String username,
            @NotNull @Size(max = 1000) String password,
            @NotBlank String role,
            @Size(max = 1000) List<@NotNull @Size(max = 200) String> collections) {}

    @PostMapping
    ResponseEntity<UserAccounts.UserInfo> create(@Valid @RequestBody NewUser request) {
        Role role = Role.parse(request.role());
        UserAccounts.UserInfo user =
                users.create(request.username(), request.password(), role, Grants.forRole(role, request.collections()));
        return ResponseEntity.created(URI.create("/api/admin/users/" + user.username()))
                .body(user);
    }

    @GetMapping
    List<UserAccounts.UserInfo> list() {
        return users.list();
    }

    /** Deletes the user and ends its sessions; refused for the last admin credential. */
    @DeleteMapping("/{username}")
    ResponseEntity<Void> delete(@PathVariable String username) {
        UserAccounts.UserInfo user = users.find(username)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No user named '" + username + "'"));
        if (user.role() == Role.ADMIN && users.admins(user.id()) + keys.liveAdmins(-1) == 0) {
            throw new IllegalStateException("User '" + user.username() + "' is the last admin credential; create"
                    + " another admin key or user before deleting it");
        }
        users.delete(user.id());
        return ResponseEntity.noContent().build();
    }
}
