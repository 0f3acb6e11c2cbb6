package io.candor.review;

import io.candor.summary.SummaryService;
import io.candor.summary.SummaryView;

import java.util.List;

/** The seller dashboard's figures: the shop's summary, each product's, a 12-month trend, reviews awaiting an answer. */
public record SellerSummary(SummaryView seller, List<SummaryView> products, List<SummaryService.MonthPoint> trend, int unanswered) {
}
