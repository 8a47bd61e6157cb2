package dev.groundwork.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static Caller key(Role role, String... collections) {
        return new Caller(Caller.Kind.KEY, 7, "ci", role, Grants.of(List.of(collections)));
    }

    @Test
    void aReaderReadsItsCollectionsAndChangesNothing() {
        Caller reader = key(Role.READER, "x");

        assertThat(reader.readDenial("x", "searching")).isEmpty();
        assertThat(reader.writeDenial("x", "deleting a document"))
                .contains("this key ('ci') is a reader; deleting a document needs a writer key for collection 'x'");
        assertThat(reader.readDenial("y", "searching"))
                .contains(
                        "this key ('ci') is not granted collection 'y' (it has collections [x]); searching needs a key"
                                + " granted collection 'y'");
    }

    @Test
    void aWriterChangesOnlyItsOwnCollections() {
        Caller writer = key(Role.WRITER, "a");

        assertThat(writer.writeDenial("a", "uploading files")).isEmpty();
        assertThat(writer.writeDenial("b", "uploading files"))
                .contains("this key ('ci') is a writer for collections [a]; uploading files needs a writer key for"
                        + " collection 'b'");
        assertThat(writer.adminDenial("rebuilding the index"))
                .contains("this key ('ci') is a writer; rebuilding the index needs an admin key");
    }

    @Test
    void anAdminMayDoEverythingWhateverItsStoredGrants() {
        Caller admin = new Caller(Caller.Kind.USER, 1, "root", Role.ADMIN, Grants.of(List.of()));

        assertThat(admin.grants()).isEqualTo(Grants.ALL);
        assertThat(admin.writeDenial("anything", "deleting")).isEmpty();
        assertThat(admin.adminDenial("managing keys")).isEmpty();
    }

    @Test
    void usersAreNamedAsAccounts() {
        Caller user = new Caller(Caller.Kind.USER, 3, "alice", Role.READER, Grants.ALL);

        assertThat(user.writeDenial("x", "deleting a document"))
                .contains("user 'alice' is a reader; deleting a document needs a writer account for collection 'x'");
    }
}
