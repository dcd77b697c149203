/**
 * JSON shapes of the navigation and search API (`/api/v1/items`, `/items/:code`, `/facets`, `/search`,
 * `/suggest`). The BFF routes produce them and the widgets consume them with `import type`, so both
 * sides are checked against one definition. Semver: adding a field is minor, removing one is major.
 */

/** Filters shared by `/items`, `/facets` and `/search` (query parameters of the same names). */
export interface ItemFilters {
  /** 实施主体 统一社会信用代码. */
  dept?: string;
  /** 12-digit area code; matches the region and every region below it. */
  region?: string;
  /** Theme code within `audience`. */
  theme?: string;
  /** 自然人 or 法人 theme list / service object family. */
  audience?: 'natural' | 'legal';
  /** 事项类型 (normalised), e.g. 'licensing', 'public_service'. */
  type?: string;
  /** 服务对象 (normalised), e.g. 'natural', 'enterprise'. */
  object?: string;
  /** Only items handled online ('1'). */
  online?: '1';
  /** 跑动次数: '0' (零跑动) or '1' (最多跑一次). */
  visits?: '0' | '1';
  /** 办件类型: 即办件 or 承诺件. */
  projectType?: 'immediate' | 'promised';
}

export interface TimeLimit {
  value: number | null;
  /** 'working_day' | 'calendar_day' | 'month' | 'year' | 'hour' */
  unit: string | null;
  /** Plain Chinese, e.g. '5个工作日', '即办'. */
  label: string;
}

export interface ItemSummary {
  /** 实施编码. */
  code: string;
  name: string;
  deptCode: string;
  deptName: string;
  regionCode: string | null;
  regionName: string | null;
  taskType: string | null;
  /** Plain Chinese label of taskType, e.g. '行政许可'. */
  taskTypeLabel: string | null;
  projectType: 'immediate' | 'promised' | 'other' | null;
  promisedLimit: TimeLimit;
  /** 到办事现场次数. */
  visits: number | null;
  online: boolean;
}

export interface ItemListResponse {
  items: ItemSummary[];
  /** Matches under the current filters. */
  total: number;
  /** Opaque keyset cursor for the next page (`cursor=`), null on the last page. */
  nextCursor: string | null;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface FacetsResponse {
  /** Counts under all current filters except the facet's own (so a chosen facet still shows its siblings). */
  facets: {
    dept: FacetValue[];
    /** The children of the chosen region (or the top level). */
    region: FacetValue[];
    theme: FacetValue[];
    type: FacetValue[];
    object: FacetValue[];
    online: FacetValue[];
    visits: FacetValue[];
    projectType: FacetValue[];
  };
}

export interface GuideMaterial {
  name: string;
  necessity: 'required' | 'optional' | 'deferrable' | null;
  necessityLabel: string | null;
  format: string | null;
  formatLabel: string | null;
  paperCopies: number | null;
  sourceChannelLabel: string | null;
  blankFormUrl: string | null;
  sampleUrl: string | null;
  notes: string | null;
}

export interface GuideFee {
  name: string;
  standard: string | null;
  reducible: boolean | null;
  legalBasis: string | null;
}

export interface GuideStep {
  name: string;
  description: string | null;
  handlerRole: string | null;
  timeLimit: string | null;
}

export interface ItemGuide extends ItemSummary {
  conditions: string | null;
  materials: GuideMaterial[];
  fees: GuideFee[];
  /** True when the item charges no fee (不收费). */
  free: boolean | null;
  statutoryLimit: TimeLimit;
  place: string | null;
  hours: string | null;
  consultPhone: string | null;
  complaintPhone: string | null;
  legalBasis: string | null;
  faqs: { question: string; answer: string }[];
  steps: GuideStep[];
  onlineUrl: string | null;
  /** The online-handling link uses unified login (SSO). */
  onlineSso: boolean;
  mobileUrl: string | null;
  serviceObjects: string[];
  themes: { audience: 'natural' | 'legal'; code: string; label: string }[];
  updatedAt: string | null;
}

/** Text split into plain and matched parts, so widgets highlight without HTML. */
export type HighlightedText = { text: string; match: boolean }[];

export interface SearchHit {
  kind: 'item' | 'faq';
  /** 实施编码 of the item (for a FAQ, its item). */
  code: string;
  name: string;
  nameParts: HighlightedText;
  /** A short excerpt around the match (guide text or the FAQ question). */
  snippet: HighlightedText;
  deptName: string;
  regionName: string | null;
  score: number;
}

export interface MyCaseHit {
  projectNo: string;
  itemName: string;
  status: string;
  statusLabel: string;
  acceptedAt: string | null;
}

export interface SearchResponse {
  query: string;
  /** How the query was understood: segmented terms, expansions and region words taken as filters. */
  understood: { terms: string[]; expandedTo: string[]; region: { code: string; name: string } | null };
  /** Public information, rank order. */
  results: SearchHit[];
  total: number;
  /** The logged-in user's own cases that match; null for anonymous users. */
  myCases: MyCaseHit[] | null;
}

export interface SuggestResponse {
  query: string;
  suggestions: { text: string; code: string | null; parts: HighlightedText }[];
}
