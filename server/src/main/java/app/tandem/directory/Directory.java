package app.tandem.directory;

import app.tandem.access.Access;
import app.tandem.identity.Identity;
import app.tandem.platform.Wiring;
import io.vertx.sqlclient.Pool;

/** The directory capability, wired: staff, classes, pupils, parent links and imports. */
public final class Directory extends Wiring {

    /** @param forgetLocally drops this replica's cached access decisions and session states */
    public Directory(Pool pool, Access access, Identity identity, Runnable forgetLocally) {
        answers(new DirectoryRoutes(
                        new DirectoryService(pool, new DirectoryStore(), access, identity, forgetLocally),
                        new DirectoryImport(pool, forgetLocally),
                        new Terms(pool))
                .operations());
        holds(DirectoryStore.subjectData());
    }
}
