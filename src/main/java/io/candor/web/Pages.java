package io.candor.web;

import io.candor.demo.DemoConfig;

import io.candor.auth.Caller;
import io.candor.common.Role;
import jakarta.enterprise.context.RequestScoped;

import java.util.TreeSet;

/** Builds the {@link PageFrame} of the current request. */
@RequestScoped
public class Pages {

    private final WebSession session;
    private final DemoConfig demo;

    public Pages(WebSession session, DemoConfig demo) {
        this.session = session;
        this.demo = demo;
    }

    public PageFrame frame(String title, String section) {
        PageFrame.Viewer viewer = session.caller().map(Pages::viewer).orElse(PageFrame.Viewer.NOBODY);
        return new PageFrame(title, session.csrfToken(), viewer, demo.enabled(), section);
    }

    private static PageFrame.Viewer viewer(Caller caller) {
        return new PageFrame.Viewer(true, caller.has(Role.SELLER), caller.has(Role.MODERATOR), String.join(", ", new TreeSet<>(caller.roles())));
    }
}
