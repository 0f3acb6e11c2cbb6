package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every browser test class shares: Debian's Chromium for the class ({@link Chromium}), and a marketplace's
 * site on another origin ({@link HostSite}) to embed the widget in.
 */
abstract class InChromium {

    static Playwright playwright;
    static Browser browser;
    static HostSite host;

    @BeforeAll
    static void startBrowser() throws Exception {
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
        host = new HostSite();
    }

    @AfterAll
    static void stopBrowser() {
        if (host != null) {
            host.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }
}
