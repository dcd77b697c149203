// @ts-check
/**
 * The operator page: asks for the operator token (kept in sessionStorage: this tab only, gone when
 * it closes), then shows streams, quarantine and run history from `/admin/v1/`, refreshes every
 * 10 seconds while the tab is visible, and starts runs and retries. Plain DOM, no framework: the
 * page must work on any BFF without a build. Every value is inserted as text, never as markup.
 */

const TOKEN_KEY = 'govdock-admin-token';
const REFRESH_MS = 10_000;
const JOB_POLL_MS = 2000;
const API = new URL('../admin/v1/', location.href);

const STATUS_TEXT = {
  succeeded: '成功',
  failed: '失败',
  running: '运行中',
  skipped: '已跳过（另一进程正在同步）',
  never_run: '尚未运行',
  pass: '通过',
  warn: '警告',
  fail: '失败',
};
const KIND_TEXT = {
  items: '事项',
  cases: '办件',
  evaluations: '好差评',
  organisations: '部门',
  replies: '回复',
  notices: '通知',
};

const numberFormat = new Intl.NumberFormat('zh-CN');
const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** @param {string} id */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
}

/**
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {...(Node | string | null | undefined)} children
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** @param {string | null | undefined} iso */
function when(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

/** @param {number | null | undefined} seconds */
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${s % 60} 秒`;
  if (s < 86400) return `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
  return `${Math.floor(s / 86400)} 天 ${Math.floor((s % 86400) / 3600)} 小时`;
}

/** @param {number} value */
function count(value) {
  return numberFormat.format(value);
}

/** @param {string} status */
function statusCell(status) {
  return h('td', {}, h('span', { class: `status status-${status}` }, STATUS_TEXT[status] ?? status));
}

/** @param {string} message */
function announce(message) {
  const announcer = byId('announcer');
  // Cleared first, so the same message said twice is announced twice.
  announcer.textContent = '';
  setTimeout(() => (announcer.textContent = message), 50);
}

class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, accept?: string }} [options]
 */
async function api(path, options = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const response = await fetch(new URL(path, API), {
    method: options.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      'X-CSRF': '1',
      Accept: options.accept ?? 'application/json',
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok) {
    /** @type {{ error?: { code?: string, message?: string } }} */
    let body = {};
    try {
      body = await response.json();
    } catch {
      // Not our JSON (a gateway page): fall back to the status.
    }
    throw new ApiError(
      response.status,
      body.error?.code ?? 'http_error',
      body.error?.message ?? `请求失败（HTTP ${response.status}）`,
    );
  }
  return options.accept && options.accept !== 'application/json' ? response.text() : response.json();
}

/** Keeps keyboard focus on "the same" control when a table is rebuilt by a refresh. */
function preservingFocus(/** @type {() => void} */ render) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement ? active.dataset.focusKey : undefined;
  render();
  if (!key) return;
  const again = /** @type {HTMLElement | null} */ (document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`));
  again?.focus();
}

// ---------------------------------------------------------------- state

const state = {
  /** @type {ReturnType<typeof setInterval> | undefined} */
  timer: undefined,
  quarantineBefore: /** @type {number | null} */ (null),
  runsBefore: /** @type {number | null} */ (null),
  /** @type {string | null} */
  lastReport: null,
  busy: false,
};

// ---------------------------------------------------------------- rendering

/** @param {any} stream */
function streamRow(stream) {
  const attention = [];
  if (stream.lastError) attention.push(h('div', { class: 'attention' }, `错误：${stream.lastError}`));
  if (stream.missingColumns?.length)
    attention.push(h('div', { class: 'attention' }, `缺少必需列：${stream.missingColumns.join('、')}`));
  if (stream.addedColumns?.length)
    attention.push(h('div', {}, `新增列（保留在 extra）：${stream.addedColumns.join('、')}`));
  const actions = h(
    'td',
    {},
    h(
      'button',
      {
        type: 'button',
        class: 'small',
        'data-action': 'run',
        'data-target': stream.stream,
        'data-focus-key': `run:${stream.stream}`,
        'aria-label': `同步 ${stream.stream}`,
      },
      '同步',
    ),
    stream.openQuarantine > 0
      ? h(
          'button',
          {
            type: 'button',
            class: 'small secondary',
            'data-action': 'retry',
            'data-target': stream.stream,
            'data-focus-key': `retry:${stream.stream}`,
            'aria-label': `重试隔离 ${stream.stream}`,
          },
          '重试隔离',
        )
      : null,
  );
  return h(
    'tr',
    {},
    h(
      'th',
      { scope: 'row' },
      stream.stream,
      stream.sourceTable && stream.sourceTable !== stream.stream
        ? h('div', { class: 'note' }, `源表 ${stream.sourceTable}`)
        : null,
      ...attention,
    ),
    h('td', {}, stream.kind ? `${KIND_TEXT[stream.kind] ?? stream.kind}` : '—'),
    statusCell(stream.status),
    h('td', {}, when(stream.lastSuccessAt)),
    h('td', { class: 'number' }, duration(stream.lagSeconds)),
    h('td', { class: 'cursor' }, cursorText(stream)),
    h('td', { class: 'number' }, count(stream.openQuarantine)),
    h('td', { class: 'number' }, count(stream.pendingChildren)),
    actions,
  );
}

/**
 * The cursor, or how far a first load in progress got (it has no cursor until it ends).
 * @param {any} stream
 */
function cursorText(stream) {
  if (stream.initialLoad) {
    return `首次全量读取中：已读到 ${stream.initialLoad.afterId ?? '（尚未开始）'}，范围截至 ${stream.initialLoad.upTo}`;
  }
  return stream.cursor ? `${stream.cursor.time} / ${stream.cursor.id}` : '—';
}

/** @param {any} body */
function renderStreams(body) {
  const tbody = /** @type {HTMLElement} */ (byId('streams-table').querySelector('tbody'));
  preservingFocus(() => {
    tbody.replaceChildren(...body.streams.map(streamRow));
    if (body.streams.length === 0) tbody.append(h('tr', {}, h('td', { colspan: '9' }, '尚无数据流')));
  });
  byId('streams-note').textContent = body.syncAvailable ? '' : '本服务未启用同步：可以查看记录，不能启动同步。';
  const select = /** @type {HTMLSelectElement} */ (byId('q-stream'));
  const chosen = select.value;
  select.replaceChildren(
    h('option', { value: '' }, '全部'),
    ...body.streams.map((/** @type {any} */ s) => h('option', { value: s.stream }, s.stream)),
  );
  select.value = chosen;
}

/** @param {any} row */
function quarantineRow(row) {
  return h(
    'tr',
    {},
    h('td', { class: 'number' }, String(row.id)),
    h('td', {}, row.stream),
    h('td', {}, row.reasonLabel, h('div', { class: 'note' }, row.reasonCode)),
    h('td', {}, row.reasonText),
    h('td', {}, row.sourcePosition ?? row.sourceKey ?? '—'),
    h('td', {}, h('details', {}, h('summary', {}, '查看'), h('pre', {}, JSON.stringify(row.rawRow, null, 2)))),
    h('td', { class: 'number' }, count(row.attempts)),
    h('td', {}, when(row.updatedAt)),
  );
}

/** @param {any} body @param {boolean} append */
function renderQuarantine(body, append) {
  const tbody = /** @type {HTMLElement} */ (byId('quarantine-table').querySelector('tbody'));
  const rows = body.rows.map(quarantineRow);
  if (append) tbody.append(...rows);
  else {
    tbody.replaceChildren(...rows);
    if (rows.length === 0) tbody.append(h('tr', {}, h('td', { colspan: '8' }, '隔离区为空')));
  }
  state.quarantineBefore = body.nextBefore;
  byId('quarantine-more').hidden = body.nextBefore === null;
  const reason = /** @type {HTMLSelectElement} */ (byId('q-reason'));
  const chosen = reason.value;
  const totals = new Map();
  for (const entry of body.reasons) totals.set(entry.reasonCode, (totals.get(entry.reasonCode) ?? 0) + entry.count);
  const codes = new Set([...Object.keys(body.reasonLabels), ...totals.keys()]);
  reason.replaceChildren(
    h('option', { value: '' }, '全部'),
    ...[...codes].map((code) =>
      h('option', { value: code }, `${body.reasonLabels[code] ?? code}（${count(totals.get(code) ?? 0)}）`),
    ),
  );
  reason.value = chosen;
}

/** @param {any} run */
function runRow(run) {
  const c = run.counts;
  return h(
    'tr',
    {},
    h('td', { class: 'number' }, String(run.id)),
    h('th', { scope: 'row' }, run.stream, run.full ? h('div', { class: 'note' }, '全量') : null),
    statusCell(run.status),
    h('td', {}, when(run.startedAt)),
    h('td', { class: 'number' }, run.durationMs === null ? '—' : duration(run.durationMs / 1000)),
    ...[c.read, c.inserted, c.updated, c.unchanged, c.deleted, c.quarantined, c.pending].map((value) =>
      h('td', { class: 'number' }, count(value)),
    ),
    h('td', { class: 'number' }, duration(run.lagSeconds)),
    h('td', {}, run.error ?? ''),
  );
}

/** @param {any} body @param {boolean} append */
function renderRuns(body, append) {
  const tbody = /** @type {HTMLElement} */ (byId('runs-table').querySelector('tbody'));
  const rows = body.runs.map(runRow);
  if (append) tbody.append(...rows);
  else {
    tbody.replaceChildren(...rows);
    if (rows.length === 0) tbody.append(h('tr', {}, h('td', { colspan: '14' }, '尚无运行记录')));
  }
  state.runsBefore = body.nextBefore;
  byId('runs-more').hidden = body.nextBefore === null;
}

/** @param {any} report */
function renderReport(report) {
  const s = report.summary;
  const table = h(
    'table',
    {},
    h('caption', {}, `结论：${STATUS_TEXT[s.verdict]}（通过 ${s.pass}，警告 ${s.warn}，失败 ${s.fail}）`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, '检查项'),
        h('th', { scope: 'col' }, '结果'),
        h('th', { scope: 'col' }, '说明'),
      ),
    ),
    h(
      'tbody',
      {},
      ...report.checks.map((/** @type {any} */ check) =>
        h('tr', {}, h('th', { scope: 'row' }, check.title), statusCell(check.status), h('td', {}, check.summary)),
      ),
    ),
  );
  byId('doctor-result').replaceChildren(table);
}

// ---------------------------------------------------------------- loading

/** @param {unknown} error */
function handleError(error) {
  if (error instanceof ApiError && error.status === 401) {
    signOut('运维令牌不正确或已更换，请重新输入。');
    return;
  }
  announce(error instanceof Error ? error.message : '请求失败');
}

function quarantineQuery() {
  const parameters = new URLSearchParams();
  const stream = /** @type {HTMLSelectElement} */ (byId('q-stream')).value;
  const reason = /** @type {HTMLSelectElement} */ (byId('q-reason')).value;
  if (stream) parameters.set('stream', stream);
  if (reason) parameters.set('reason', reason);
  return parameters;
}

async function refresh() {
  const [streams, quarantine, runs] = await Promise.all([
    api('streams'),
    api(`quarantine?${quarantineQuery()}`),
    api('runs?limit=30'),
  ]);
  renderStreams(streams);
  renderQuarantine(quarantine, false);
  renderRuns(runs, false);
}

async function safeRefresh() {
  try {
    await refresh();
  } catch (error) {
    handleError(error);
  }
}

/** @param {string} jobId @param {string} label */
async function followJob(jobId, label) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
    const { job } = await api(`jobs/${encodeURIComponent(jobId)}`);
    if (job.state === 'running') continue;
    if (job.kind === 'run' && Array.isArray(job.result)) {
      const failed = job.result.filter((/** @type {any} */ r) => r.status === 'failed').length;
      const read = job.result.reduce((/** @type {number} */ sum, /** @type {any} */ r) => sum + r.counts.read, 0);
      announce(`${label}${failed > 0 ? `完成，${failed} 个数据流失败` : '成功'}：共读取 ${count(read)} 行。`);
    } else if (job.kind === 'retry_quarantine' && job.result) {
      const r = job.result;
      announce(
        `${label}完成：重试 ${count(r.retried)} 行，已解决 ${count(r.resolved)} 行，仍失败 ${count(r.stillFailing)} 行。`,
      );
    } else {
      announce(`${label}失败：${job.error ?? '未知原因'}`);
    }
    await safeRefresh();
    return;
  }
}

/** @param {string} target */
async function startRun(target) {
  const full = /** @type {HTMLInputElement} */ (byId('full')).checked;
  const label = `同步${target ? ` ${KIND_TEXT[target] ?? target}` : '全部'}${full ? '（全量）' : ''}`;
  const body = await api('runs', { method: 'POST', body: { ...(target ? { target } : {}), full } });
  announce(`已开始${label}${body.runIds.length ? `（运行编号 ${body.runIds.join('、')}）` : ''}。`);
  await safeRefresh();
  void followJob(body.job.id, label).catch(handleError);
}

/** @param {string} stream */
async function startRetry(stream) {
  const label = `重试${stream ? ` ${stream} 的` : '全部'}隔离数据`;
  const body = await api('quarantine/retry', { method: 'POST', body: stream ? { stream } : {} });
  announce(`已开始${label}。`);
  void followJob(body.job.id, label).catch(handleError);
}

async function runDoctor() {
  const button = /** @type {HTMLButtonElement} */ (byId('doctor-run'));
  button.disabled = true;
  announce('正在运行对接检查，请稍候…');
  try {
    const { report } = await api('doctor');
    state.lastReport = report.generatedAt;
    renderReport(report);
    /** @type {HTMLButtonElement} */ (byId('doctor-html')).disabled = false;
    /** @type {HTMLButtonElement} */ (byId('doctor-md')).disabled = false;
    announce(`对接检查完成：${STATUS_TEXT[report.summary.verdict]}。`);
  } finally {
    button.disabled = false;
  }
}

/** @param {'html' | 'markdown'} format */
async function download(format) {
  const text = await api(`doctor?format=${format}`, { accept: format === 'html' ? 'text/html' : 'text/markdown' });
  const blob = new Blob([text], { type: format === 'html' ? 'text/html' : 'text/markdown' });
  const link = h('a', {
    href: URL.createObjectURL(blob),
    download: `govdock-doctor.${format === 'html' ? 'html' : 'md'}`,
  });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.getAttribute('href') ?? ''), 10_000);
}

// ---------------------------------------------------------------- session

function startAutoRefresh() {
  stopAutoRefresh();
  state.timer = setInterval(() => {
    if (!document.hidden && /** @type {HTMLInputElement} */ (byId('auto-refresh')).checked) void safeRefresh();
  }, REFRESH_MS);
}

function stopAutoRefresh() {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
}

/** @param {string} [reason] */
function signOut(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopAutoRefresh();
  byId('console').hidden = true;
  byId('session-actions').hidden = true;
  byId('sign-in').hidden = false;
  byId('token-error').textContent = reason ?? '';
  /** @type {HTMLInputElement} */ (byId('token')).value = '';
  byId('token').focus();
}

async function signIn() {
  await refresh();
  byId('sign-in').hidden = true;
  byId('console').hidden = false;
  byId('session-actions').hidden = false;
  byId('main').focus();
  announce('已进入运维页面。');
  startAutoRefresh();
}

/** @param {() => Promise<void>} action */
function guarded(action) {
  return () => {
    if (state.busy) return;
    state.busy = true;
    action()
      .catch(handleError)
      .finally(() => (state.busy = false));
  };
}

function wire() {
  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = /** @type {HTMLInputElement} */ (byId('token')).value.trim();
    if (!value) {
      byId('token-error').textContent = '请输入运维令牌。';
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    signIn().catch((error) => {
      if (error instanceof ApiError && error.status === 401) signOut('运维令牌不正确，请重新输入。');
      else {
        sessionStorage.removeItem(TOKEN_KEY);
        byId('token-error').textContent = error instanceof Error ? error.message : '无法连接服务';
      }
    });
  });
  byId('sign-out').addEventListener('click', () => signOut('已退出。'));
  byId('refresh').addEventListener('click', guarded(refresh));
  byId('run-kind').addEventListener(
    'click',
    guarded(() => startRun(/** @type {HTMLSelectElement} */ (byId('kind')).value)),
  );
  // Buttons inside tables are rebuilt by refreshes: one delegated listener for all of them.
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (!(button instanceof HTMLButtonElement)) return;
    const target = button.dataset.target ?? '';
    if (button.dataset.action === 'run') guarded(() => startRun(target))();
    if (button.dataset.action === 'retry') guarded(() => startRetry(target))();
  });
  byId('quarantine-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(async () => renderQuarantine(await api(`quarantine?${quarantineQuery()}`), false))();
  });
  byId('quarantine-more').addEventListener(
    'click',
    guarded(async () => {
      const query = quarantineQuery();
      query.set('before', String(state.quarantineBefore));
      renderQuarantine(await api(`quarantine?${query}`), true);
    }),
  );
  byId('runs-more').addEventListener(
    'click',
    guarded(async () => renderRuns(await api(`runs?limit=30&before=${state.runsBefore}`), true)),
  );
  byId('doctor-run').addEventListener('click', guarded(runDoctor));
  byId('doctor-html').addEventListener(
    'click',
    guarded(() => download('html')),
  );
  byId('doctor-md').addEventListener(
    'click',
    guarded(() => download('markdown')),
  );
}

wire();
if (sessionStorage.getItem(TOKEN_KEY)) {
  signIn().catch((error) =>
    error instanceof ApiError && error.status === 401
      ? signOut('运维令牌不正确，请重新输入。')
      : signOut(error.message),
  );
} else {
  signOut();
}
