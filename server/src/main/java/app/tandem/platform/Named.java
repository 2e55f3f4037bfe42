package app.tandem.platform;

import java.util.UUID;

/** Someone or something the app shows by name, `{id, name}`. */
public record Named(UUID id, String name) {}
