package io.candor.web;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Debian's Chromium driven by Playwright, never a downloaded browser. Without /usr/bin/chromium the
 * browser tests fail, loudly: a skipped browser test would let the pages and the widget break unseen.
 */
final class Chromium {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    static Browser launch(Playwright playwright) {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new AssertionError("The browser tests need Debian's Chromium at " + EXECUTABLE
                    + " (apt-get install chromium; .ci/run installs it). They are never skipped.");
        }
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-quic", "--no-first-run")));
    }

    /** An axe-core scan of the page as it is now, shadow roots included: no serious or critical violation. */
    static void assertAccessible(Page page, String what) {
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")).analyze();
        List<Rule> grave = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertEquals(List.of(), grave.stream().map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at "
                        + v.getNodes().stream().map(n -> n.getHtml()).limit(3).collect(Collectors.joining(" | ")))
                .toList(), what + " has serious or critical accessibility violations");
    }

    /**
     * Whether an image loads: scrolled into view (a lazy image loads only then), then waited for up to 15 s, since a busy
     * machine may not have fetched and decoded it yet when the test looks.
     */
    public static boolean imageLoads(com.microsoft.playwright.Locator image) {
        image.scrollIntoViewIfNeeded();
        Object loaded = image.evaluate("img => img.complete && img.naturalWidth > 0 ? true : new Promise(resolve => {"
                + " const timer = setTimeout(() => resolve(img.complete && img.naturalWidth > 0), 15000);"
                + " img.addEventListener('load', () => { clearTimeout(timer); resolve(img.naturalWidth > 0); }, {once: true});"
                + " img.addEventListener('error', () => { clearTimeout(timer); resolve(false); }, {once: true}); })");
        return Boolean.TRUE.equals(loaded);
    }
}
