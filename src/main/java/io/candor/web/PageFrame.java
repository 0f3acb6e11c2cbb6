package io.candor.web;

/**
 * What every page's layout needs: its title, the CSRF token for its forms, who is signed in, whether
 * this is the demo, and which part of the site it belongs to (for {@code aria-current} in the navigation).
 */
public record PageFrame(String title, String csrf, Viewer viewer, boolean demo, String section) {

    /** Who is looking, as far as the navigation cares. */
    public record Viewer(boolean signedIn, boolean seller, String roles) {

        static final Viewer NOBODY = new Viewer(false, false, "");
    }
}
