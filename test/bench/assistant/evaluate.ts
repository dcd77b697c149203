/**
 * Runs an evaluation set (questions.json, or held-out.json written after tuning) through the assistant service over a loaded library:
 * accuracy@1 and @3 (a ranked candidate is right when it is one of the expected FAQ entries or item
 * names), how often out-of-scope questions come back `unknown`, how often answerable ones wrongly do,
 * and the same figures for a naive baseline (longest common substring of the question with FAQ
 * questions, item names and item FAQ questions — what a `LIKE '%…%'` search over titles finds).
 * Shared by test/bench/assistant.bench.ts (the figures) and the node test (the floors).
 */
import { readFileSync } from 'node:fs';
import { CATALOG } from '../../../bff/dev/generator/index.js';
import type { Assistant } from '../../../bff/api/assistant/index.js';
import { loadFaqBase } from '../../../bff/api/assistant/faq-base.js';
import { normalizeText } from '../../../bff/search/text.js';
import type { Sql } from '../../../bff/store/types.js';

export interface EvalQuestion {
  q: string;
  faq?: string[];
  items?: string[];
  unknown?: boolean;
}

export interface Outcome {
  q: string;
  rank: number | null;
  status: string;
  confidence: number;
  top: string[];
  expectUnknown: boolean;
}

export interface Scores {
  answerable: number;
  outOfScope: number;
  acc1: number;
  acc3: number;
  /** Out-of-scope questions answered `unknown`. */
  unknownDetection: number;
  /** Answerable questions answered `unknown` (lower is better). */
  falseUnknown: number;
}

export interface EvalReport {
  ours: Scores;
  baseline: Scores;
  outcomes: Outcome[];
  /** Confidence bins: how often the top candidate was right (out-of-scope: never right). */
  reliability: Array<{ bin: string; n: number; accuracy: number; meanConfidence: number }>;
}

/** `questions.json` (tuned and calibrated on) or `held-out.json` (written afterwards, never tuned on). */
export type EvalSet = 'questions' | 'held-out';

export function loadQuestions(set: EvalSet = 'questions'): EvalQuestion[] {
  const path = new URL(`./${set}.json`, import.meta.url);
  const questions = (JSON.parse(readFileSync(path, 'utf8')) as { questions: EvalQuestion[] }).questions;
  const faqIds = new Set(loadFaqBase().map((entry) => entry.id));
  const names = new Set(CATALOG.map((item) => item.name));
  for (const question of questions) {
    // A judgment naming something that does not exist is a broken suite, not a miss.
    for (const id of question.faq ?? []) if (!faqIds.has(id)) throw new Error(`"${question.q}": unknown FAQ ${id}`);
    for (const name of question.items ?? [])
      if (!names.has(name)) throw new Error(`"${question.q}": unknown item ${name}`);
    if (!question.unknown && !question.faq?.length && !question.items?.length) {
      throw new Error(`"${question.q}": nothing expected`);
    }
  }
  return questions;
}

const keyOf = (candidate: { faqId: string | null; itemName: string | null }): string =>
  candidate.faqId ? `faq:${candidate.faqId}` : `item:${candidate.itemName}`;

function expectedKeys(question: EvalQuestion): Set<string> {
  return new Set([...(question.faq ?? []).map((id) => `faq:${id}`), ...(question.items ?? []).map((n) => `item:${n}`)]);
}

const round = (value: number): number => +value.toFixed(4);

function scoresOf(outcomes: Outcome[]): Scores {
  const answerable = outcomes.filter((o) => !o.expectUnknown);
  const outOfScope = outcomes.filter((o) => o.expectUnknown);
  const share = (list: Outcome[], test: (o: Outcome) => boolean): number =>
    list.length === 0 ? 0 : round(list.filter(test).length / list.length);
  return {
    answerable: answerable.length,
    outOfScope: outOfScope.length,
    acc1: share(answerable, (o) => o.rank === 1),
    acc3: share(answerable, (o) => o.rank !== null && o.rank <= 3),
    unknownDetection: share(outOfScope, (o) => o.status === 'unknown'),
    falseUnknown: share(answerable, (o) => o.status === 'unknown'),
  };
}

/** The naive baseline: titles ranked by the longest substring they share with the question (≥ 2 characters). */
async function baselineRanker(sql: Sql): Promise<(q: string) => { ranked: string[]; found: boolean }> {
  const titles: Array<{ key: string; text: string }> = loadFaqBase().map((entry) => ({
    key: `faq:${entry.id}`,
    text: normalizeText(entry.question).replace(/ /g, ''),
  }));
  const { rows } = await sql.query<{ name: string; question: string | null }>(
    `SELECT DISTINCT s.name, NULL::text AS question FROM item_search s
     UNION SELECT DISTINCT s.name, f.question FROM item_search s JOIN item_faqs f ON f.item_code = s.item_code`,
  );
  for (const row of rows) {
    titles.push({ key: `item:${row.name}`, text: normalizeText(row.question ?? row.name).replace(/ /g, '') });
  }
  return (q) => {
    const chars = [...normalizeText(q).replace(/ /g, '')];
    const best = new Map<string, number>();
    for (const title of titles) {
      let longest = 0;
      for (let i = 0; i < chars.length; i += 1) {
        for (let j = i + Math.max(2, longest + 1); j <= chars.length; j += 1) {
          if (title.text.includes(chars.slice(i, j).join(''))) longest = j - i;
          else break;
        }
      }
      if (longest >= 2) best.set(title.key, Math.max(best.get(title.key) ?? 0, longest));
    }
    const ranked = [...best].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
    return { ranked, found: ranked.length > 0 };
  };
}

export async function evaluateAssistant(
  sql: Sql,
  assistant: Assistant,
  set: EvalSet = 'questions',
): Promise<EvalReport> {
  const questions = loadQuestions(set);
  const baseline = await baselineRanker(sql);
  const outcomes: Outcome[] = [];
  const baseOutcomes: Outcome[] = [];
  for (const question of questions) {
    const expected = expectedKeys(question);
    const { answer, ranked } = await assistant.ask({ question: question.q });
    const keys = ranked.map(keyOf);
    const at = keys.findIndex((key) => expected.has(key));
    outcomes.push({
      q: question.q,
      rank: at < 0 ? null : at + 1,
      status: answer.status,
      confidence: answer.confidence,
      top: keys.slice(0, 3),
      expectUnknown: question.unknown === true,
    });
    const naive = baseline(question.q);
    const baseAt = naive.ranked.findIndex((key) => expected.has(key));
    baseOutcomes.push({
      q: question.q,
      rank: baseAt < 0 ? null : baseAt + 1,
      status: naive.found ? 'answered' : 'unknown',
      confidence: naive.found ? 1 : 0,
      top: naive.ranked.slice(0, 3),
      expectUnknown: question.unknown === true,
    });
  }
  const bins = [0, 0.2, 0.35, 0.5, 0.6, 0.75, 0.9, 1.01];
  const reliability = bins.slice(0, -1).map((low, index) => {
    const high = bins[index + 1] as number;
    const inBin = outcomes.filter((o) => o.confidence >= low && o.confidence < high);
    return {
      bin: `${low.toFixed(2)}–${Math.min(1, high).toFixed(2)}`,
      n: inBin.length,
      accuracy: inBin.length === 0 ? 0 : round(inBin.filter((o) => o.rank === 1).length / inBin.length),
      meanConfidence: inBin.length === 0 ? 0 : round(inBin.reduce((s, o) => s + o.confidence, 0) / inBin.length),
    };
  });
  return { ours: scoresOf(outcomes), baseline: scoresOf(baseOutcomes), outcomes, reliability };
}
