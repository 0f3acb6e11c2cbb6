package io.candor.web;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;

import java.nio.file.Path;

/**
 * Screenshots of a page at desktop (1280 px) and phone (360 px) width, taken while the browser tests walk
 * through the pages. They go to target/screenshots; {@code -Dscreenshots=docs/screenshots} refreshes
 * the ones the README shows.
 */
final class Screenshots {

    /** Not {@code candor.*}: Quarkus refuses unknown properties under the prefix of a config mapping, and the tests would not start. */
    static final Path DIRECTORY = Path.of(System.getProperty("screenshots", "target/screenshots"));

    private Screenshots() {
    }

    static void take(Page page, String name) {
        for (int width : new int[]{1280, 360}) {
            page.setViewportSize(width, width == 1280 ? 900 : 780);
            page.waitForLoadState(LoadState.NETWORKIDLE);
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                    .setPath(DIRECTORY.resolve(name + (width == 1280 ? "-desktop" : "-phone") + ".png")));
        }
        page.setViewportSize(1280, 900);
    }
}
