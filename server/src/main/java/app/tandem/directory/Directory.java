package app.tandem.directory;

import app.tandem.access.Access;
import app.tandem.identity.Identity;
import app.tandem.platform.Capability;
import app.tandem.platform.Operation;
import app.tandem.platform.SubjectData;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;

/** The directory capability, wired: staff, classes, pupils, parent links and imports. */
public final class Directory implements Capability {
    private final DirectoryRoutes routes;

    /** @param forgetLocally drops this replica's cached access decisions and session states */
    public Directory(Pool pool, Access access, Identity identity, Runnable forgetLocally) {
        this.routes = new DirectoryRoutes(
                new DirectoryService(pool, new DirectoryStore(), access, identity, forgetLocally),
                new DirectoryImport(pool, forgetLocally),
                new Terms(pool));
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }

    @Override
    public List<SubjectData> subjectData() {
        return DirectoryStore.subjectData();
    }
}
