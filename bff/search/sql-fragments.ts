/** SQL pieces shared by the item list, the guide and search results. */

/** Joins that make REGION_NAME available: `r` the item's region, `rp` its parent. */
export const REGION_JOINS =
  'LEFT JOIN regions r ON r.code = i.region_code LEFT JOIN regions rp ON rp.code = r.parent_code';

/** 道里区 alone is ambiguous across a province: counties and below carry their city (哈尔滨市道里区). */
export const REGION_NAME = `CASE WHEN r.level IN ('county', 'town', 'village') AND rp.name IS NOT NULL
  THEN rp.name || r.name ELSE r.name END`;
