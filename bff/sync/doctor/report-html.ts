/**
 * The acceptance report as one self-contained HTML file: opens offline, prints on A4, and is
 * readable without colour (every verdict is a word, not only a colour). Everything observed is
 * escaped: evidence comes from remote systems and must not become markup.
 */
import { beijingTime, environmentRows, REPORT_SUBTITLE, REPORT_TITLE, SIGN_OFF_ROLES } from './report-text.js';
import { GROUP_LABEL, STATUS_LABEL, type CheckGroup, type DoctorReport } from './types.js';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body { font: 16px/1.6 "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; color: #1a1a1a;
  max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #1a1a1a; }
.subtitle { color: #4a4a4a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #8a8a8a; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; } caption { text-align: left; font-weight: 600; padding: .25rem 0; }
.status { font-weight: 700; white-space: nowrap; }
.status-pass { color: #0b6b2f; } .status-warn { color: #8a5300; } .status-fail { color: #b00020; }
.check { border-left: 6px solid #8a8a8a; padding: .25rem 1rem; margin: 1rem 0; page-break-inside: avoid; }
.check-pass { border-color: #0b6b2f; } .check-warn { border-color: #c77700; } .check-fail { border-color: #b00020; }
.check h4 { margin: .25rem 0; } .id { color: #4a4a4a; font-size: .875rem; }
.evidence { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: .875rem; word-break: break-all; }
.signature td { height: 3rem; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
`;

function status(value: DoctorReport['summary']['verdict']): string {
  return `<span class="status status-${value}">${STATUS_LABEL[value]}</span>`;
}

export function renderHtml(report: DoctorReport): string {
  const { summary } = report;
  const html: string[] = [];
  html.push(
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(REPORT_TITLE)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(REPORT_TITLE)}</h1>`,
    `<p class="subtitle" lang="en">${escapeHtml(REPORT_SUBTITLE)}</p>`,
    `<p>生成时间：${escapeHtml(beijingTime(report.generatedAt))}</p>`,
    `<p>结论：${status(summary.verdict)}（通过 ${summary.pass} 项，警告 ${summary.warn} 项，失败 ${summary.fail} 项）</p>`,
  );

  html.push('<h2>一、环境</h2>', '<table>', '<caption>运行与对接环境</caption>');
  html.push('<thead><tr><th scope="col">项目</th><th scope="col">内容</th></tr></thead><tbody>');
  for (const [name, value] of environmentRows(report)) {
    html.push(`<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`);
  }
  html.push('</tbody></table>');

  html.push('<h2>二、检查汇总</h2>', '<table>', '<caption>各检查项结果</caption>');
  html.push(
    '<thead><tr><th scope="col">序号</th><th scope="col">分类</th><th scope="col">检查项</th>' +
      '<th scope="col">结果</th><th scope="col">说明</th></tr></thead><tbody>',
  );
  report.checks.forEach((check, index) => {
    html.push(
      `<tr><td>${index + 1}</td><td>${GROUP_LABEL[check.group]}</td><th scope="row">${escapeHtml(check.title)}</th>` +
        `<td>${status(check.status)}</td><td>${escapeHtml(check.summary)}</td></tr>`,
    );
  });
  html.push('</tbody></table>');

  html.push('<h2>三、检查明细</h2>');
  const groups = [...new Set(report.checks.map((check) => check.group))] as CheckGroup[];
  groups.forEach((group, groupIndex) => {
    html.push(`<section><h3>${groupIndex + 1}. ${GROUP_LABEL[group]}</h3>`);
    for (const check of report.checks.filter((each) => each.group === group)) {
      html.push(
        `<div class="check check-${check.status}">`,
        `<h4>${status(check.status)}：${escapeHtml(check.title)}</h4>`,
        `<p>${escapeHtml(check.summary)} <span class="id">（检查编号 ${escapeHtml(check.id)}）</span></p>`,
      );
      if (check.evidence.length > 0) {
        html.push('<p>证据：</p><ul class="evidence">');
        for (const item of check.evidence) html.push(`<li>${escapeHtml(item)}</li>`);
        html.push('</ul>');
      }
      html.push('</div>');
    }
    html.push('</section>');
  });

  html.push('<h2>四、签字确认</h2>', '<table class="signature">', '<caption>联调验收签字</caption>');
  html.push(
    '<thead><tr><th scope="col">角色</th><th scope="col">单位</th><th scope="col">签字</th>' +
      '<th scope="col">日期</th></tr></thead><tbody>',
  );
  for (const role of SIGN_OFF_ROLES) html.push(`<tr><th scope="row">${role}</th><td></td><td></td><td></td></tr>`);
  html.push('</tbody></table>', '</main>', '</body>', '</html>', '');
  return html.join('\n');
}
