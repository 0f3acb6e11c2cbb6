package io.candor.web;

import io.candor.demo.DemoConfig;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;

/** The page shown when a page cannot be: a status and a plain explanation. */
@ApplicationScoped
public class PageTemplates {

    private final DemoConfig demo;

    public PageTemplates(DemoConfig demo) {
        this.demo = demo;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(PageFrame frame, int status, String message);
    }

    public TemplateInstance error(int status, String message) {
        // no session work here: this also answers requests whose session is the problem
        return Templates.error(new PageFrame(status == 404 ? "Not found" : "Not possible", "", PageFrame.Viewer.NOBODY, demo.enabled(), ""),
                status, message);
    }
}
