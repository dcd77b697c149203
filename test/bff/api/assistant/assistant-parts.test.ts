/**
 * The assistant's parts without a database: the curated FAQ base as shipped, its validation, the
 * question analysis on top of config/search, BM25 with coverage, and the calibration's gate.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAnalyzer } from '../../../../bff/api/assistant/analyze.js';
import { Bm25Index } from '../../../../bff/api/assistant/bm25.js';
import { COVERAGE_GATE, confidenceLabel, confidenceOf, statusOf } from '../../../../bff/api/assistant/calibration.js';
import { loadFaqBase, parseFaqBase } from '../../../../bff/api/assistant/faq-base.js';
import { CATALOG } from '../../../../bff/dev/generator/index.js';
import { searchDictionaries } from '../../../../bff/search/dictionaries.js';

describe('curated FAQ base (config/assistant/faq.json)', () => {
  const entries = loadFaqBase();

  test('at least 60 plain-text entries covering the portal’s common topics', () => {
    assert.ok(entries.length >= 60, String(entries.length));
    const all = entries.map((e) => `${e.question}${e.answer}${e.keywords.join('')}`).join('\n');
    for (const topic of [
      '社保',
      '公积金',
      '户口',
      '护照',
      '不动产',
      '开公司',
      '医保',
      '12345',
      '实名认证',
      '好差评',
      '电子证照',
    ]) {
      assert.ok(all.includes(topic), topic);
    }
    for (const entry of entries) assert.doesNotMatch(entry.answer, /<[a-z!/]/i, entry.id);
  });

  test('names only items the demo library has', () => {
    const names = new Set(CATALOG.map((item) => item.name));
    for (const entry of entries) for (const name of entry.items) assert.ok(names.has(name), `${entry.id}: ${name}`);
  });

  test('rejects HTML, duplicate ids and missing answers, naming the problem', () => {
    const entry = { id: 'a', question: '问题？', answer: '答案。' };
    assert.throws(() => parseFaqBase({ entries: [{ ...entry, answer: '<b>答案</b>' }] }), /plain text/);
    assert.throws(() => parseFaqBase({ entries: [entry, entry] }), /duplicate id a/);
    assert.throws(() => parseFaqBase({ entries: [{ id: 'b', question: '问题？' }] }), /answer/);
    assert.equal(parseFaqBase({ entries: [entry] })[0]?.deptKeywords.length, 0);
  });
});

describe('question analysis', () => {
  const analyzer = createAnalyzer(searchDictionaries());
  const alternatives = (question: string) =>
    analyzer.queryTerms(question).concepts.map((concept) => [...concept.alternatives.keys()]);

  test('corrects wrong characters, keeps what was typed and adds the official terms', () => {
    const concepts = alternatives('身分证丢了怎么办');
    assert.ok(
      concepts.some((alts) => alts[0] === '身份证'),
      JSON.stringify(concepts),
    );
    assert.ok(concepts.flat().includes('补领'), 'colloquial 丢了 → 补领');
    assert.ok(alternatives('公积金怎么取').flat().includes('住房公积金'));
  });

  test('drops stopwords; a question of nothing but stopwords has no concepts', () => {
    assert.deepEqual(analyzer.queryTerms('请问我想要怎么办').concepts, []);
    assert.deepEqual(analyzer.queryTerms('？？？').concepts, []);
  });
});

describe('BM25 with coverage', () => {
  const analyzer = createAnalyzer(searchDictionaries());
  const docs = ['居民身份证补领 申请材料 户口簿', '住房公积金提取 租赁住房 租房', '营业执照 企业设立登记'];
  const index = new Bm25Index(docs.map((text) => analyzer.documentTerms(text)));

  test('ranks the document that explains the question first, with full coverage', () => {
    const hits = index.search(analyzer.queryTerms('租房提取住房公积金'), 3);
    assert.equal(hits[0]?.doc, 1);
    assert.ok((hits[0]?.coverage ?? 0) > 0.99);
  });

  test('partial matches have partial coverage; unseen words weigh the most', () => {
    const hits = index.search(analyzer.queryTerms('住房公积金 火星移民'), 3);
    assert.equal(hits[0]?.doc, 1);
    assert.ok((hits[0]?.coverage ?? 1) < 0.6, String(hits[0]?.coverage));
    assert.ok(index.idf('火星') > index.idf('住房公积金'));
  });

  test('eligible() pre-filters documents', () => {
    const hits = index.search(analyzer.queryTerms('租房提取住房公积金'), 3, (doc) => doc !== 1);
    assert.ok(hits.every((hit) => hit.doc !== 1));
  });
});

describe('calibration', () => {
  test('below the coverage gate the answer is unknown however high the score', () => {
    const gated = confidenceOf({ coverage: COVERAGE_GATE - 0.01, score: 100, runnerUp: 0 });
    assert.equal(statusOf(gated), 'unknown');
    assert.equal(confidenceLabel(gated), '低');
  });

  test('confidence grows with the score and the lead, within 0–1', () => {
    const low = confidenceOf({ coverage: 1, score: 5, runnerUp: 5 });
    const high = confidenceOf({ coverage: 1, score: 25, runnerUp: 10 });
    assert.ok(low < high && low >= 0 && high <= 1);
    assert.equal(statusOf(high), 'answered');
    assert.equal(confidenceLabel(high), '高');
  });
});
