package io.candor.moderation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published content rules that every decision cites, each with a version that changes whenever its
 * meaning does. docs/moderation-policy.md is the same text for people; a test keeps the two in step.
 * None of them covers a review for being negative: an honest low rating is always within the rules.
 */
public final class PolicyCatalog {

    /** One rule: what it covers, and the statement a moderator starts from. */
    public record Policy(String code, int version, String title, String covers, String statement) {
    }

    public static final List<Policy> POLICIES = List.of(
            new Policy("spam", 1, "Spam and advertising",
                    "Content that advertises, links to or promotes other products, shops or services, repeats the same text across "
                            + "reviews, or is not an account of the reviewer's own experience with this purchase.",
                    "This content promotes something other than the reviewer's own experience of the purchase, which the spam rule does not allow."),
            new Policy("offensive", 1, "Offensive language",
                    "Profanity, obscenity and insults aimed at people. Strong criticism of a product, a delivery or a service is not offensive.",
                    "This content contains language that insults people; criticism of the product or service itself would have been welcome."),
            new Policy("hate", 1, "Hate speech",
                    "Attacks on people for a protected characteristic such as ethnicity, nationality, religion, disability, sex, sexual "
                            + "orientation, gender identity or age.",
                    "This content attacks people for who they are, which the hate speech rule does not allow."),
            new Policy("harassment", 1, "Harassment and threats",
                    "Threats, intimidation, calls to harass someone, and personal attacks on the seller's staff, the buyer or other reviewers.",
                    "This content threatens or attacks a person rather than describing the purchase."),
            new Policy("personal-information", 1, "Personal information",
                    "Anyone's personal data: names together with contact details, e-mail addresses, phone numbers, postal addresses, "
                            + "payment card or bank account numbers, national identity numbers, and links that carry credentials.",
                    "This content contains personal information, which is never published; the rest of it stays visible."),
            new Policy("conflict-of-interest", 1, "Conflict of interest",
                    "Reviews by the seller of the reviewed product or shop, by their staff or family, or by a competitor; reviews "
                            + "written in return for payment or favours are covered by 'incentivized'.",
                    "This review was written by someone with a stake in the product or shop, so it is not an independent buyer's view."),
            new Policy("off-topic", 1, "Off-topic",
                    "Content that is not about the product or seller reviewed: other products, politics, questions for customer "
                            + "service, or reviews posted on the wrong product.",
                    "This content is not about the product or seller it was posted on."),
            new Policy("illegal", 1, "Illegal content",
                    "Content that is illegal where the marketplace operates, such as offers of prohibited goods, incitement to violence, "
                            + "infringement of intellectual property or defamation established as such.",
                    "This content is illegal under the law that applies to this marketplace."),
            new Policy("incentivized", 1, "Incentivized reviews",
                    "Reviews written in exchange for money, discounts, free products or other compensation without disclosing it, and "
                            + "reviews that a seller asked only satisfied buyers to write (US FTC rule 16 CFR 465).",
                    "This review was written in return for an incentive that was not disclosed."),
            new Policy("other", 1, "Other",
                    "Anything else that breaks the marketplace's published terms; the statement always says which term.",
                    "This content breaks the marketplace's terms as the statement explains."));

    private static final Map<String, Policy> BY_CODE = new LinkedHashMap<>();

    static {
        POLICIES.forEach(p -> BY_CODE.put(p.code(), p));
    }

    private PolicyCatalog() {
    }

    public static Optional<Policy> find(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    /** The report reasons are the policy codes. */
    public static boolean isReason(String code) {
        return BY_CODE.containsKey(code);
    }

    public static List<String> codes() {
        return List.copyOf(BY_CODE.keySet());
    }
}
