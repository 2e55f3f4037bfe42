package app.tandem.attachments;

import app.tandem.platform.Caller;
import io.vertx.core.Future;
import java.util.UUID;

/** A capability that attaches files (notices, later messages) says who may see what it attached. */
@FunctionalInterface
public interface AttachmentVisibility {
    Future<Boolean> maySee(Caller caller, UUID attachmentId);
}
