/**
 * Implementation entries loaded for the relevance suite: every catalogue item at least five times
 * (the round-robin puts the province and 哈尔滨 first, then 齐齐哈尔, 鸡西 … for city items and
 * 道里区, 南岗区 … for county items), which the region-qualified queries rely on.
 */
export const RELEVANCE_ENTRY_COUNT = 2000;
