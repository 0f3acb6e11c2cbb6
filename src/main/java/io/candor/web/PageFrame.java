package io.candor.web;

/**
 * What every page's layout needs: its title, the CSRF token for its forms, who is signed in, whether
 * this is the demo, and which part of the site it belongs to (for {@code aria-current} in the navigation).
 */
public record PageFrame(String title, String csrf, Viewer viewer, boolean demo, String section) {

    /** The part of the site with its own second navigation: {@code seller}, {@code moderation}, or empty. */
    public String area() {
        if (section.startsWith("seller")) {
            return "seller";
        }
        return section.startsWith("moderation") ? "moderation" : "";
    }

    /** Who is looking, as far as the navigation cares. */
    public record Viewer(boolean signedIn, boolean seller, boolean moderator, String roles) {

        static final Viewer NOBODY = new Viewer(false, false, false, "");
    }
}
