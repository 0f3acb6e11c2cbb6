package io.candor.web;

/** A page needs a signed-in user and there is none: the browser is sent to sign in and brought back. */
public class SignInRequired extends RuntimeException {

    public SignInRequired() {
        super("sign-in required", null, false, false);
    }
}
