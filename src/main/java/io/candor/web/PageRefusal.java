package io.candor.web;

/** A page that cannot be shown to this browser, answered as an HTML page with the status and a plain explanation. */
public class PageRefusal extends RuntimeException {

    private final int status;

    public PageRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
