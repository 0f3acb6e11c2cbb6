package io.candor.moderation.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://user:pass@shop.example/orders", "ftp://user@files.example/", "https://shop.example/reset?token=abc123",
            "http://shop.example/track?order=1&access_token=eyJhbGciOi", "https://shop.example/cb#access_token=xyz",
            "www.shop.example/login?session=abcdef", "https://api.example.com/?api_key=abcd",
            "https://api.example.com/?API-KEY=abcd", "https://bucket.example/x.jpg?X-Amz-Signature=abc",
            "shop.example/account?sid=42", "https://shop.example/?pwd=hunter2", "https://shop.example/?auth=1;x=2",
            "https://shop.example/?client_secret=s3cr3t", "https://shop.example/?sessionId=9f8e"})
    void findsLinksThatCarryCredentialsOrSecrets(String url) {
        assertEquals(List.of("URL_WITH_SECRET:" + url), Detected.in("Use " + url + " to see my order."));
    }

    @Test
    void theWholeLinkIsOneMatchEvenWithAnAddressInside() {
        String url = "https://shop.example/confirm?token=abc&email=shopper@example.com";
        assertEquals(List.of("URL_WITH_SECRET:" + url), Detected.in("see " + url));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://shop.example/product/123", "https://shop.example/search?q=token", "https://shop.example/?key=",
            "https://shop.example/?monkey=1", "https://shop.example/?sortkey=price", "www.shop.example/#reviews",
            "https://shop.example/?page=2&sort=newest", "shop.example/keys/token"})
    void leavesPlainLinksToTheLinksCheck(String url) {
        assertEquals(List.of(), Detected.in("Bought it at " + url + " last week."));
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> SecretUrls.find(text)));
    }
}
