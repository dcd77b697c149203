/**
 * Every widget the gallery shows and its states. Adding a widget is one entry here: its fixture file
 * (shared with the widget's browser tests) and the msw handlers that answer for each fixture.
 */
import type { RequestHandler } from 'msw';
import { caseTrackerFixtures, userSpaceFixtures } from '../fixtures/cases.js';
import { consultFixtures } from '../fixtures/consult.js';
import { evaluateFixtures, statsFixtures } from '../fixtures/evaluations.js';
import { itemNavFixtures, searchFixtures, type ItemNavFixture, type SearchFixture } from '../fixtures/items.js';
import { loginFixtures } from '../fixtures/login.js';
import { noticesFixtures } from '../fixtures/notices.js';
import { recommendFixtures } from '../fixtures/recommend.js';

export interface GalleryState {
  /** The fixture's stable name: URL parameter and anchor. */
  name: string;
  /** Short Chinese heading. */
  title: string;
  /** What a designer should see in this state. */
  description: string;
  /** Attributes on the widget's tag for this state. */
  attributes: Readonly<Record<string, string>>;
  /**
   * What the BFF answers in this state (示例数据 mode). Loaded on demand: only the preview frames
   * need msw, not the gallery page that lists the states.
   */
  handlers(): Promise<RequestHandler[]>;
  /** Shown under the preview when the mock cannot hold the state forever. */
  note?: string;
  /** The status the widget ends in (`detail.status` of the widget's change event; `unknown`: none comes). */
  expected: string;
}

export interface GalleryWidget {
  tag: string;
  /** Chinese name, e.g. 登录状态. */
  title: string;
  summary: string;
  /**
   * The event whose `detail.status` says which state the widget has settled in; the state page records
   * it so tests (and curious designers) can tell a finished preview from one still loading.
   */
  changeEvent: string;
  /** The light-DOM fallback a site puts inside the tag (shown without JavaScript). */
  fallback: { href: string; text: string };
  /**
   * The status the widget settles in against the real local BFF (本地后端 mode) right after `npm start`, or
   * `unknown` when it reports none until the user acts; the end-to-end smoke test waits for it.
   */
  liveStatus: string;
  states: readonly GalleryState[];
}

/** Fixture descriptions read "标题：说明 (english)"; the part before the first colon is the heading. */
function splitDescription(description: string): { title: string; description: string } {
  const colon = description.indexOf('：');
  return colon > 0
    ? { title: description.slice(0, colon), description: description.slice(colon + 1) }
    : { title: description, description: '' };
}

/**
 * Puts a state's starting URL parameters (the widget's URL state) into the frame's address before the widget
 * mounts; parameters already there win, so a link into a frame can open another guide or query.
 */
function startFrom(search: string | undefined): void {
  const url = new URL(location.href);
  for (const [key, value] of new URLSearchParams(search))
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  history.replaceState(history.state, '', url);
}

const pendingNote = '示例中数据请求一直不返回；组件的请求在 15 秒后超时，随后显示出错状态。';

/** What every widget's fixture file gives a gallery state (the fields a widget does not use are absent). */
interface StateFixture {
  name: string;
  description: string;
  attributes?: Readonly<Record<string, string>>;
  expected: string;
  /** Shown under the preview; wins over the notes derived below. */
  note?: string;
  /** `pending`: the fake BFF never answers. */
  mode?: string;
  /** The widget's URL state to start from. */
  search?: string;
  /** What a user does once the widget first reports `startsAt` (a state reached by acting). */
  play?: (el: HTMLElement) => Promise<void>;
  startsAt?: string;
}

type MockHandlers = typeof import('../mocks/handlers.js');

interface StateOptions {
  /** The widget's change event, whose first `startsAt` status starts `play`. */
  changeEvent?: string;
  /** `startsAt` when the fixture names none. */
  defaultStart?: string;
  /** The note of states a script reaches by acting. */
  scriptNote?: string;
}

/**
 * One gallery state from a fixture: heading and text from its description, its URL state and `play` set up
 * before the widget mounts, then the fake BFF's handlers for it (loaded on demand).
 */
function stateOf<F extends StateFixture>(
  fixture: F,
  answer: (mocks: MockHandlers, fixture: F) => RequestHandler[],
  options: StateOptions = {},
): GalleryState {
  const note =
    fixture.note ??
    (fixture.mode === 'pending' ? pendingNote : fixture.play && options.scriptNote ? options.scriptNote : undefined);
  return {
    name: fixture.name,
    ...splitDescription(fixture.description),
    attributes: fixture.attributes ?? {},
    expected: fixture.expected,
    handlers: async () => {
      if (fixture.search !== undefined) startFrom(fixture.search);
      if (options.changeEvent) playWhenSettled(fixture, options.changeEvent, options.defaultStart);
      return answer(await import('../mocks/handlers.js'), fixture);
    },
    ...(note ? { note } : {}),
  };
}

/**
 * A state a user reaches by acting (差评 without detail, submitted, the dialog, 转人工): once the widget first
 * reports the fixture's starting status, its `play` function drives the real controls, as the browser tests do.
 */
function playWhenSettled(fixture: StateFixture, changeEvent: string, defaultStart?: string): void {
  const play = fixture.play;
  if (!play) return;
  const listener = (event: Event) => {
    if ((event as CustomEvent<{ status?: string }>).detail?.status !== (fixture.startsAt ?? defaultStart)) return;
    document.removeEventListener(changeEvent, listener);
    void play(event.target as HTMLElement);
  };
  document.addEventListener(changeEvent, listener);
}

export const galleryWidgets: readonly GalleryWidget[] = [
  {
    tag: 'gov-login',
    liveStatus: 'anonymous',
    title: '登录状态',
    summary: '页眉里的登录入口：未登录时跳转统一身份认证平台登录，登录后显示脱敏的用户信息和账号菜单。',
    changeEvent: 'gov-login-changed',
    fallback: { href: '/auth/login', text: '登录' },
    states: loginFixtures.map((fixture) =>
      stateOf(
        {
          ...fixture,
          ...(fixture.pending
            ? { note: '示例中会话请求一直不返回；组件的请求在 15 秒后超时，随后显示出错状态。' }
            : {}),
        },
        (mocks) => mocks.loginHandlers(fixture),
      ),
    ),
  },
  {
    tag: 'gov-item-nav',
    title: '办事服务导航',
    summary:
      '按个人/法人、主题、部门、地区等分类浏览事项（带数量），结果列表和办事指南；筛选条件记在地址栏，可前进后退、可分享；部门或地区网站用属性只显示本单位事项。',
    changeEvent: 'gov-item-nav-changed',
    // The simulator's catalogue reaches the library on the sync's first run at start.
    liveStatus: 'results',
    fallback: { href: '/banshi/', text: '办事服务' },
    states: itemNavFixtures.map((fixture) => stateOf(fixture, itemsApiHandlers)),
  },
  {
    tag: 'gov-search',
    title: '办事搜索',
    summary:
      '搜索框：输入时给出联想建议，结果按“我的办件”“办事事项”“常见问题”分组并高亮匹配文字；没有结果时给出换个说法、相关主题和 12345 热线。',
    changeEvent: 'gov-search-changed',
    liveStatus: 'unknown',
    fallback: { href: '/search/', text: '搜索办事服务' },
    states: searchFixtures.map((fixture) => stateOf(fixture, itemsApiHandlers)),
  },
  {
    tag: 'gov-case-tracker',
    title: '办件查询',
    summary:
      '我的办件（按办理中、已办结、需要我处理分类）、单个办件的办理过程和结果（超期提醒、特别程序、评价入口），以及免登录的办件查询；后台同步到新进展时自动刷新并播报。',
    changeEvent: 'gov-case-tracker-changed',
    // Nobody is signed in right after `npm start`: the list asks for a login (and calls no case API).
    liveStatus: 'logged-out',
    fallback: { href: '/space/', text: '我的办件' },
    states: caseTrackerFixtures.map((fixture) => stateOf(fixture, (mocks) => mocks.casesHandlers(fixture))),
  },
  {
    tag: 'gov-user-space',
    title: '个人空间',
    summary:
      '登录用户的个人空间：我的办件、我的评价、我的咨询、消息（已读/未读）和脱敏的个人资料；当前栏目记在地址栏。',
    changeEvent: 'gov-user-space-changed',
    liveStatus: 'logged-out',
    fallback: { href: '/space/', text: '个人空间' },
    states: userSpaceFixtures.map((fixture) => stateOf(fixture, (mocks) => mocks.casesHandlers(fixture))),
  },
  {
    tag: 'gov-evaluate',
    title: '好差评',
    summary:
      '评价一件已办结的办件：五级满意度（星级加文字）、评价指标、文字评价；差评须说明原因并告知整改结果的去向；不能评价时说明原因；也可由办件查询的“评价”按钮以对话框打开。',
    changeEvent: 'gov-evaluate-changed',
    // Without a case the element waits for a case tracker's 评价 button and shows nothing.
    liveStatus: 'idle',
    fallback: { href: '/space/?space-section=evaluations', text: '评价办件' },
    states: evaluateFixtures.map((fixture) =>
      stateOf(fixture, (mocks) => mocks.evaluationsHandlers(fixture.mode), {
        changeEvent: 'gov-evaluate-changed',
        defaultStart: 'form',
        scriptNote: '此状态由示例脚本代替用户操作（选择、勾选、填写、提交）后呈现；刷新可重看。',
      }),
    ),
  },
  {
    tag: 'gov-evaluation-stats',
    title: '好差评公示',
    summary:
      '按部门、地区、事项和时间公开好差评统计：评价总数、满意率、差评整改率，各评价等级数量的条形图（同时是数据表），并可按部门、地区、事项或月份分组。',
    changeEvent: 'gov-evaluation-stats-changed',
    // `empty` or `results`, depending on whether the sync has brought the simulator's 好差评 in yet (measured: still
    // none a minute after start); the smoke test then only waits for the widget to be ready.
    liveStatus: 'unknown',
    fallback: { href: '/hcp/', text: '好差评公示' },
    states: statsFixtures.map((fixture) => stateOf(fixture, (mocks) => mocks.evaluationsHandlers(fixture.mode))),
  },
  {
    tag: 'gov-consult',
    title: '咨询投诉',
    summary:
      '智能问答（答复附来源、可信度和相关事项，答不上来时给出 12345 热线和转人工），登录后留言（咨询、投诉、建议，可带附件），以及我的留言和答复记录；新答复实时到达并播报。',
    changeEvent: 'gov-consult-changed',
    // The assistant is the first part and reports `assistant` until someone asks.
    liveStatus: 'assistant',
    fallback: { href: '/hudong/', text: '咨询投诉' },
    states: consultFixtures.map((fixture) =>
      stateOf(fixture, (mocks) => mocks.consultHandlers(fixture), {
        changeEvent: 'gov-consult-changed',
        scriptNote: '此状态由示例脚本代替用户操作（提问、填写、提交、打开）后呈现；刷新可重看。',
      }),
    ),
  },
  {
    tag: 'gov-notices',
    title: '消息提醒',
    summary:
      '页眉里的消息铃铛：显示未读条数，打开后列出消息（最新在前，未读标明），可逐条或全部标为已读、加载更多；新消息实时到达时计数加一并弹出提示。未登录时默认不显示。',
    changeEvent: 'gov-notices-changed',
    // Nobody is signed in right after `npm start`: the bell hides itself (anonymous="hide").
    liveStatus: 'logged-out',
    fallback: { href: '/space/?space-section=notices', text: '消息' },
    states: noticesFixtures.map((fixture) => stateOf(fixture, (mocks) => mocks.noticesHandlers(fixture))),
  },
  {
    tag: 'gov-recommend',
    title: '猜你想办',
    summary:
      '推荐可能要办的事项并说明理由（生活事件、常接着办的事项、浏览和搜索、热门）；未登录只显示本地区热门事项；登录用户可开关个性化推荐、查看和删除自己的记录。',
    changeEvent: 'gov-recommend-changed',
    // `anonymous` once the sync has brought cases in to count popular items, `empty` before: the smoke test only
    // waits for the widget to be ready.
    liveStatus: 'unknown',
    fallback: { href: '/banshi/', text: '办事服务' },
    states: recommendFixtures.map((fixture) => stateOf(fixture, (mocks) => mocks.recommendHandlers(fixture))),
  },
];

/** The navigation and search widgets share one fake items API. */
function itemsApiHandlers(mocks: MockHandlers, fixture: ItemNavFixture | SearchFixture): RequestHandler[] {
  return mocks.itemsApiHandlers(fixture.mode);
}

export function findState(tag: string, name: string): { widget: GalleryWidget; state: GalleryState } | undefined {
  const widget = galleryWidgets.find((entry) => entry.tag === tag);
  const state = widget?.states.find((entry) => entry.name === name);
  return widget && state ? { widget, state } : undefined;
}
