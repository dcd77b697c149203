import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stepsFromFlowText } from '../../../bff/api/items/service.js';
import { DIVISIONS } from '../../../bff/dev/generator/index.js';
import { parseSynonyms, searchDictionaries } from '../../../bff/search/dictionaries.js';
import { excerpt, highlight } from '../../../bff/search/highlight.js';
import { DocumentBuilder, tsOr, term } from '../../../bff/search/lexemes.js';
import { scoreCandidates } from '../../../bff/search/name-ranker.js';
import { namePinyin, pinyinLexemes } from '../../../bff/search/pinyin.js';
import { understandQuery } from '../../../bff/search/query.js';
import { buildRegionLexicon } from '../../../bff/search/regions.js';

const dictionaries = searchDictionaries();
const level = { province: 'province', prefecture: 'city', county: 'county' } as const;
const regions = buildRegionLexicon(
  DIVISIONS.map((d) => ({
    code: d.code,
    name: d.name,
    level: level[d.level],
    parent_name: DIVISIONS.find((p) => p.code === d.parentCode)?.name ?? null,
  })),
  dictionaries,
);
const understand = (q: string) => understandQuery(q, dictionaries, regions);

describe('query understanding', () => {
  it('maps a colloquial phrase to the official names it means', () => {
    const query = understand('办身份证');
    assert.equal(query.concepts.length, 1);
    assert.deepEqual(query.concepts[0]?.targets, ['居民身份证申领', '居民身份证换领']);
  });

  it('corrects common wrong characters before anything else', () => {
    const query = understand('身分证丢了怎么办');
    assert.deepEqual(query.corrections, [['身分证', '身份证']]);
    assert.equal(query.concepts[0]?.text, '身份证丢了');
    assert.ok(query.concepts[0]?.targets.includes('居民身份证补领'));
  });

  it('takes a region word as a filter (short form, with or without a space)', () => {
    for (const q of ['哈尔滨 公积金提取', '哈尔滨公积金提取', '哈市公积金提取']) {
      const query = understand(q);
      assert.equal(query.region?.code, '230100000000', q);
      assert.ok(!query.concepts.some((c) => c.text.includes('哈尔滨')), q);
    }
    assert.equal(understand('道里区 身份证').region?.name, '哈尔滨市道里区');
  });

  it('never guesses a region from an ambiguous or ordinary short form', () => {
    // 向阳区 exists in 鹤岗 and 佳木斯; 平房 is an ordinary word.
    assert.equal(understand('向阳 低保').region, null);
    assert.equal(understand('平房 翻建').region, null);
  });

  it('drops question words from the name concepts but keeps them for FAQ answers', () => {
    const query = understand('身份证 收费吗');
    assert.deepEqual(
      query.concepts.map((c) => c.text),
      ['身份证'],
    );
    assert.deepEqual(query.questionWords, ['收费']);
  });

  it('treats a Latin word as pinyin', () => {
    const query = understand('GJJ');
    assert.equal(query.concepts[0]?.latin, true);
    assert.equal(query.concepts[0]?.text, 'gjj');
  });
});

describe('pinyin', () => {
  it('gives toneless syllables, initials and word-start lexemes', () => {
    assert.equal(namePinyin('住房公积金提取').initials, 'zfgjjtq');
    assert.equal(namePinyin('重庆').sortKey, 'chong qing');
    const { initials, full } = pinyinLexemes('住房公积金提取');
    assert.ok(initials.includes('gjjtq'));
    assert.ok(full.some((run) => run.startsWith('gongjijin')));
  });
});

describe('ranking rules', () => {
  const candidate = (name: string, aliases: string[] = []) => ({
    name,
    key: name.replace(/[（）、]/g, ''),
    pinyin: namePinyin(name).full,
    syllables: ` ${namePinyin(name).sortKey} `,
    initials: namePinyin(name).initials,
    aliases,
    entryCount: 1,
  });

  it('puts the exact official form above names that merely contain the word', () => {
    const ranked = scoreCandidates(understand('办身份证'), [
      candidate('居民身份证补领'),
      candidate('临时居民身份证申领'),
      candidate('居民身份证申领', ['办身份证']),
    ]).names;
    assert.equal(ranked[0]?.name, '居民身份证申领');
    assert.equal(ranked.at(-1)?.name, '居民身份证补领');
  });

  it('tolerates a homophone typo through whole pinyin syllables', () => {
    const ranked = scoreCandidates(understand('户口前移'), [
      candidate('户口簿补领'),
      candidate('户口迁移（购房落户）'),
    ]).names;
    assert.equal(ranked[0]?.name, '户口迁移（购房落户）');
  });

  it('reports words no name holds, so guide text can be searched for them', () => {
    const ranking = scoreCandidates(understand('火化证明'), [candidate('无犯罪记录证明开具')]);
    assert.deepEqual(
      ranking.unmatched.map((c) => c.text),
      ['火化'],
    );
  });
});

describe('text helpers', () => {
  it('highlights every occurrence without HTML', () => {
    assert.deepEqual(highlight('住房公积金提取', ['公积金']), [
      { text: '住房', match: false },
      { text: '公积金', match: true },
      { text: '提取', match: false },
    ]);
  });

  it('cuts an excerpt around the first match', () => {
    const text = '一'.repeat(100) + '公积金' + '二'.repeat(100);
    const cut = excerpt(text, ['公积金'], 30);
    assert.ok(cut.includes('公积金') && cut.startsWith('…') && cut.endsWith('…'));
  });

  it('writes tsvector and tsquery literals with quoted lexemes', () => {
    const literal = new DocumentBuilder().add(["it's", '公积金'], 'A').add(['公积金'], 'C').toLiteral();
    assert.equal(literal, `'it''s':1A '公积金':2A,3C`);
    assert.equal(tsOr([term('a'), term('b')]), `'a' | 'b'`);
  });

  it('splits a numbered 办理流程 text into steps', () => {
    const steps = stepsFromFlowText('1.申请：在线提交；2.受理：当场核验；3.办结：出具结果。');
    assert.deepEqual(
      steps.map((s) => [s.name, s.description]),
      [
        ['申请', '在线提交'],
        ['受理', '当场核验'],
        ['办结', '出具结果'],
      ],
    );
  });

  it('refuses a synonym line without an arrow', () => {
    assert.throws(() => parseSynonyms('办身份证 居民身份证申领'), /missing "=>"/);
  });
});
