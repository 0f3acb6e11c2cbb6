package io.candor.common;

import java.util.List;

/** One page of a list: the API's {@code {"items":[…],"nextCursor":…}}. */
public record Page<T>(List<T> items, String nextCursor) {
}
