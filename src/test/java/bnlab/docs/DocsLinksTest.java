package bnlab.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays a front page and every relative link or image in it and in {@code docs/*.md}
 * points to a file that exists and, for {@code file.md#anchor}, to a heading that exists (GitHub's
 * slugs): moved results or renamed pages would otherwise leave dead links unnoticed.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]\\n]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("```.*?```", Pattern.DOTALL);
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*$");

    @Test
    void readmeIsAFrontPageWithTheTwoCommands() throws IOException {
        String readme = read(ROOT.resolve("README.md"));
        assertTrue(readme.length() <= 8000, "README.md has " + readme.length() + " characters");
        assertTrue(readme.contains("./bnlab train"), "README names the main command");
        assertTrue(readme.contains("./mvnw"), "README names the test command");
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            String text =
                    INLINE_CODE.matcher(FENCE.matcher(read(page)).replaceAll("")).replaceAll("");
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // an absolute URL or mailto: not checked offline
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? "" : target.substring(hash + 1);
                Path dest = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
                String where = ROOT.relativize(page) + ": " + target;
                if (!Files.exists(dest)) {
                    broken.add(where + " (no such file)");
                } else if (!anchor.isEmpty()
                        && dest.toString().endsWith(".md")
                        && !slugs(dest).contains(anchor)) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /**
     * GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, -1, -2 for
     * repeats.
     */
    private static Set<String> slugs(Path page) throws IOException {
        Set<String> slugs = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(FENCE.matcher(read(page)).replaceAll(""));
        while (m.find()) {
            String slug =
                    m.group(1)
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                            .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            slugs.add(n == 0 ? slug : slug + "-" + n);
        }
        return slugs;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
