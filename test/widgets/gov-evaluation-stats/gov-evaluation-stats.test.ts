/**
 * <gov-evaluation-stats> in Chromium, against the fake 好差评 API of demo/fixtures/evaluations-api.ts behind the same
 * fetch stub as <gov-evaluate>'s tests. Every state of demo/fixtures/evaluations.ts is rendered and checked with axe;
 * the level table and its bars are compared with a direct count over the fixture records.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { statsRecords, STATS_DEFAULT_PERIOD } from '../../../demo/fixtures/evaluations-data.js';
import { HARBIN, statsFixture, statsFixtures, type StatsFixture } from '../../../demo/fixtures/evaluations.js';
import { DEPARTMENTS } from '../../../demo/fixtures/items-data.js';
import '../../../widgets/gov-evaluation-stats/define.js';
import type {
  GovEvaluationStats,
  GovEvaluationStatsChangedDetail,
} from '../../../widgets/gov-evaluation-stats/gov-evaluation-stats.js';
import { stubEvaluationsApi, type EvaluationsApiStub } from '../gov-evaluate/api-stub.js';

let stub: EvaluationsApiStub;
const last = new WeakMap<EventTarget, GovEvaluationStatsChangedDetail>();
const record = (event: Event) =>
  last.set(event.target as EventTarget, (event as CustomEvent<GovEvaluationStatsChangedDetail>).detail);

const shadow = (el: GovEvaluationStats) => el.shadowRoot as ShadowRoot;
const $ = <T extends Element = HTMLElement>(el: GovEvaluationStats, selector: string) =>
  shadow(el).querySelector<T>(selector) as T;
const $$ = <T extends Element = HTMLElement>(el: GovEvaluationStats, selector: string) => [
  ...shadow(el).querySelectorAll<T>(selector),
];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const number = (value: string) => Number(value.replace(/[^\d.]/g, ''));
const percent = (value: number) =>
  new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    value,
  );
const lastQuery = () => stub.callsTo('evaluation-stats').at(-1)?.url.searchParams;

async function settled(el: GovEvaluationStats, status: GovEvaluationStatsChangedDetail['status']): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => last.get(el)?.status === status, `never ${status}; last ${JSON.stringify(last.get(el))}`);
  await el.updateComplete;
}

async function render(state: StatsFixture, html?: string): Promise<GovEvaluationStats> {
  stub.reset(state.mode);
  const attributes = Object.entries(state.attributes ?? {})
    .map(([name, value]) => (value ? `${name}="${value}"` : name))
    .join(' ');
  const el = await fixture<GovEvaluationStats>(html ?? `<gov-evaluation-stats ${attributes}></gov-evaluation-stats>`);
  await settled(el, state.expected);
  return el;
}

/** The level table as read: label, count, share text, and the bar's drawn width (0..100). */
function levelRows(el: GovEvaluationStats) {
  return $$(el, 'table.levels tbody tr').map((row) => ({
    label: text(row.querySelector('th')),
    count: number(text(row.querySelector('td.num'))),
    share: text(row.querySelector('.pct')),
    bar: Number(row.querySelector('rect.fill')?.getAttribute('width')),
  }));
}

describe('<gov-evaluation-stats>', () => {
  beforeEach(() => {
    stub = stubEvaluationsApi();
    document.addEventListener('gov-evaluation-stats-changed', record);
  });

  afterEach(async () => {
    document.removeEventListener('gov-evaluation-stats-changed', record);
    stub.restore();
    await setViewport({ width: 800, height: 600 });
  });

  for (const state of statsFixtures)
    it(`renders the ${state.name} state and is accessible`, async () => {
      const el = await render(state);
      await expect(el).to.be.accessible();
      for (const control of $$(el, 'button, select')) {
        const box = control.getBoundingClientRect();
        expect(box.height, `${text(control)} height`).to.be.at.least(44);
      }
    });

  it('shows the counts per level as a table whose bars draw the same numbers as a direct count', async () => {
    const el = await render(statsFixture('city'));
    // A direct count over the same records: Harbin and its districts, the default period.
    const counted = statsRecords().filter(
      (entry) =>
        entry.regionCode.startsWith('2301') &&
        entry.date >= STATS_DEFAULT_PERIOD.from &&
        entry.date <= STATS_DEFAULT_PERIOD.to,
    );
    const total = counted.length;
    expect(total).to.be.greaterThan(100);
    const rows = levelRows(el);
    expect(rows.map((row) => row.label)).to.deep.equal(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    for (const [index, row] of rows.entries()) {
      const expected = counted.filter((entry) => entry.level === 5 - index).length;
      expect(row.count, row.label).to.equal(expected);
      expect(row.share, row.label).to.equal(percent(expected / total));
      expect(row.bar, `${row.label} bar`).to.be.closeTo((expected / total) * 100, 0.01);
    }
    expect(rows.reduce((sum, row) => sum + row.count, 0)).to.equal(total);
    const figures = $$(el, '[part="figures"] dd').map(text);
    expect(number(figures[0] ?? '')).to.equal(total);
    const good = counted.filter((entry) => entry.level >= 3).length;
    expect(figures[1]).to.equal(percent(good / total));
    const negative = counted.filter((entry) => entry.level <= 2);
    expect(figures[2]).to.equal(percent(negative.filter((entry) => entry.rectified).length / negative.length));
    // The groups add up to the total too.
    const groupTotals = $$(el, '.groups tbody tr td:nth-of-type(1)').map((cell) => number(text(cell)));
    expect(groupTotals.reduce((sum, value) => sum + value, 0)).to.equal(total);
    expect(text($(el, '[part="status"]'))).to.equal(
      `共 ${total.toLocaleString('zh-CN')} 条评价，满意率 ${percent(good / total)}`,
    );
  });

  it('hides the bars from screen readers and gives the table headers and a caption', async () => {
    const el = await render(statsFixture('city'));
    for (const bar of $$(el, 'svg.bar')) expect(bar.getAttribute('aria-hidden')).to.equal('true');
    const table = $<HTMLTableElement>(el, 'table.levels');
    expect(text(table.caption)).to.equal('各评价等级数量');
    expect($$(el, 'table.levels thead th').map((cell) => cell.getAttribute('scope'))).to.deep.equal([
      'col',
      'col',
      'col',
    ]);
    expect($$(el, 'table.levels tbody th').every((cell) => cell.getAttribute('scope') === 'row')).to.equal(true);
  });

  it('ranks departments of a city, and regroups by month when the visitor asks', async () => {
    const el = await render(statsFixture('city'));
    expect(lastQuery()?.get('region')).to.equal(HARBIN);
    expect(lastQuery()?.get('group')).to.equal('dept');
    expect(text($(el, '.groups caption'))).to.equal('各部门评价情况');
    const totals = $$(el, '.groups tbody tr td:nth-of-type(1)').map((cell) => number(text(cell)));
    expect(totals).to.deep.equal([...totals].sort((a, b) => b - a));
    const before = text($(el, '[part="figures"]'));

    stub.delayMs = 200;
    const select = $<HTMLSelectElement>(el, 'select');
    expect([...select.options].map((option) => option.text)).to.deep.equal(['按部门', '按地区', '按事项', '按月份']);
    select.value = 'month';
    select.dispatchEvent(new Event('change'));
    await settled(el, 'loading');
    // The old figures stay (dimmed) while the new grouping loads.
    expect(text($(el, '[part="figures"]'))).to.equal(before);
    expect($(el, 'section').getAttribute('aria-busy')).to.equal('true');
    await settled(el, 'results');
    expect(lastQuery()?.get('group')).to.equal('month');
    expect(last.get(el)?.group).to.equal('month');
    expect(text($(el, '.groups caption'))).to.equal('各月份评价情况');
    expect($$(el, '.groups tbody th').map(text)).to.deep.equal([
      '2026年6月',
      '2026年7月',
      '2026年8月',
      '2026年9月',
      '2026年10月',
      '2026年11月',
    ]);
    expect(text($(el, '[part="figures"]'))).to.equal(before);
  });

  it('leaves out the grouping a filter fixes, and groups a department by item', async () => {
    const el = await render(statsFixture('department'));
    expect(lastQuery()?.get('dept')).to.equal(DEPARTMENTS.psbNangang.code);
    expect([...$<HTMLSelectElement>(el, 'select').options].map((option) => option.value)).to.deep.equal([
      'region',
      'item',
      'month',
    ]);
    expect(text($(el, '.groups caption'))).to.equal('各事项评价情况');
    expect($$(el, '.groups tbody th').map(text)).to.include('居民身份证换领');
  });

  it('turns the period attribute into from/to and shows the period', async () => {
    const el = await render(statsFixture('by-month'));
    expect(lastQuery()?.get('from')).to.equal('2026-01');
    expect(lastQuery()?.get('to')).to.equal('2026-12');
    expect(text($(el, '.muted'))).to.equal('统计时间：2026年1月1日 至 2026年12月31日');
    const periods: [string, string | null, string | null][] = [
      ['2026-Q3', '2026-07', '2026-09'],
      ['2026-10', '2026-10', '2026-10'],
      ['2026-01/2026-06-15', '2026-01', '2026-06-15'],
      ['', null, null],
      ['去年', null, null],
    ];
    for (const [period, from, to] of periods) {
      el.period = period;
      await settled(el, 'loading');
      await settled(el, 'results');
      expect(lastQuery()?.get('from'), period).to.equal(from);
      expect(lastQuery()?.get('to'), period).to.equal(to);
    }
  });

  it('says so when the period has no ratings, and retries after an error', async () => {
    const empty = await render(statsFixture('empty'));
    expect(text($(empty, '.problem'))).to.equal('所选时间段内还没有评价。');
    expect($(empty, 'table')).to.equal(null);
    const failed = await render(statsFixture('error'));
    expect(text($(failed, '.problem'))).to.contain('服务暂时不可用');
    stub.world.mode = 'signed-in';
    $<HTMLButtonElement>(failed, '.problem button').click();
    await settled(failed, 'results');
  });

  it('fits a 320px phone in 适老化 mode without horizontal overflow', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await render({ ...statsFixture('city'), attributes: { ...statsFixture('city').attributes, elder: '' } });
    const root = $(el, '.root');
    expect(root.scrollWidth, 'widget scroll width').to.be.at.most(root.clientWidth);
    expect(document.documentElement.scrollWidth, 'page scroll width').to.be.at.most(320);
    expect(parseFloat(getComputedStyle($(el, 'caption')).fontSize)).to.be.at.least(20);
    await expect(el).to.be.accessible();
  });

  it('keeps its size and layout under hostile page CSS', async () => {
    const hostile = document.createElement('style');
    hostile.textContent = `* { all: revert !important; }
      html { font-size: 10px !important; }
      body * { font-size: 12px; line-height: 3 !important; letter-spacing: 0.3em !important;
        text-transform: uppercase !important; display: inline !important; }
      table, td, th { border: 5px solid red !important; display: block !important; }`;
    document.head.append(hostile);
    try {
      const el = await render(statsFixture('city'));
      const cell = $(el, 'table.levels tbody th');
      const style = getComputedStyle(cell);
      expect(parseFloat(style.fontSize)).to.be.at.least(16);
      expect(style.letterSpacing).to.equal('normal');
      expect(style.display).to.equal('table-cell');
      const root = $(el, '.root');
      expect(root.scrollWidth).to.be.at.most(root.clientWidth);
    } finally {
      hostile.remove();
    }
  });

  it('counts the whole platform over the last twelve months when no attribute is set', async () => {
    const el = await render({ ...statsFixture('city'), attributes: {} });
    const query = lastQuery();
    expect([...(query?.keys() ?? [])]).to.deep.equal(['group']);
    expect(query?.get('group')).to.equal('dept');
    expect(number(text($(el, '[part="figures"] dd')))).to.equal(
      statsRecords().filter((entry) => entry.date >= STATS_DEFAULT_PERIOD.from && entry.date <= STATS_DEFAULT_PERIOD.to)
        .length,
    );
  });

  it('hides its light-DOM fallback once upgraded', async () => {
    const el = await render(
      statsFixture('city'),
      `<gov-evaluation-stats region="${HARBIN}"><a href="/hcp/">好差评公示</a></gov-evaluation-stats>`,
    );
    expect((el.querySelector('a') as HTMLAnchorElement).checkVisibility()).to.equal(false);
  });

  it('speaks English with the element', async () => {
    const el = await render({
      ...statsFixture('city'),
      attributes: { ...statsFixture('city').attributes, lang: 'en' },
    });
    expect(text($(el, '#title'))).to.equal('Service ratings');
    expect(text($(el, 'table.levels caption'))).to.equal('Ratings by level');
  });
});
