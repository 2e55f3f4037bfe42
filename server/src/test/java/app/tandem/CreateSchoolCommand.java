package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs `create-school` as an operator would, for tests in other packages: the first admin's setup code. */
public final class CreateSchoolCommand {
    private CreateSchoolCommand() {}

    public static String setupCode(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, CreateSchool.run(env, args, new PrintStream(out, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("Setup code: "))
                .findFirst()
                .orElseThrow()
                .substring("Setup code: ".length());
    }
}
